import DocketCore

/// `host:port` as the config file and `--listen` write it.
enum NetworkAddress {
    /// Splits `host:port`; the host may be a name, an IPv4 address, or `[IPv6]`.
    /// - Throws: `InputError` naming `key` when the text is not `host:port`.
    static func parse(_ text: String, key: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw InputError(field: key, "'\(text)' is not host:port") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw InputError(field: key, "'\(text)' has no host") }
        return (host, port)
    }
}
