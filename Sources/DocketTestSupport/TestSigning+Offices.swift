import Foundation

/// Offices run through the CLI, given certificates from the shared test CA.
///
/// Without `[tls]`, `docket export` and `import` use development certificates from a CA private to each
/// data directory, so offices accept each other's files only once their configs name certificates from
/// one CA, as an organisation's do.
extension TestSigning {
    /// A `[tls]` section naming `node`'s certificate files.
    public func tlsSection(for node: String) throws -> String {
        let files = try self.certificate(for: node)
        return """
            [tls]
            ca = "\(files.caCertificatePath)"
            certificate = "\(files.certificatePath)"
            key = "\(files.privateKeyPath)"

            """
    }

    /// Appends `node`'s `[tls]` section to the office's `docket.toml` (created if missing), the config
    /// every command reads when no `--config` is given.
    public func configure(_ office: DocketProcess, as node: String) throws {
        try FileManager.default.createDirectory(at: office.dataDirectory, withIntermediateDirectories: true)
        let config = office.dataDirectory.appendingPathComponent("docket.toml")
        let existing = (try? String(contentsOf: config, encoding: .utf8)) ?? ""
        guard !existing.contains("[tls]") else {
            throw DocketProcess.Failure("\(config.path) already has a [tls] section")
        }
        let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
        try (existing + separator + self.tlsSection(for: node)).write(to: config, atomically: true, encoding: .utf8)
    }

    /// `temporary.office(name, staff:)`, configured with `node`'s certificate.
    public func office(in temporary: TemporaryDirectory, _ name: String, staff: String, node: String) throws -> DocketProcess {
        let office = temporary.office(name, staff: staff)
        try self.configure(office, as: node)
        return office
    }
}
