import DocketCore
import DocketTLS
import Foundation

/// Everything the `docket` commands are configured with, after defaults, the config file,
/// environment variables and flags have been applied (in that order of increasing priority).
struct Settings {
    var nodeID: NodeID?
    var officeCode: String?
    var dataDirectory: String
    var serviceTargets = ServiceTargets()
    /// How long after resolving a case its follow-up call is planned, in seconds.
    var followUpAfter: Int64 = 24 * 3600
    /// The config file read, if any.
    var configPath: String?
    var serve = ServeSettings()

    var databasePath: String { (self.dataDirectory as NSString).appendingPathComponent("replica.sqlite") }

    /// The running daemon's admin socket.
    var adminSocketPath: String { (self.dataDirectory as NSString).appendingPathComponent("admin.sock") }

    /// Where `docket serve` keeps development certificates when none are configured.
    var developmentCertificateDirectory: String { (self.dataDirectory as NSString).appendingPathComponent("tls") }

    /// The transport configuration for `node`: the certificate files in `[tls]`, else the development ones
    /// if they exist (nil when neither does), with `[tls]`'s revocations and handshake timeout either way.
    func tlsConfiguration(node: String) -> TLSConfiguration? {
        var configuration: TLSConfiguration
        if let ca = self.serve.caPath, let certificate = self.serve.certificatePath, let key = self.serve.keyPath {
            configuration = TLSConfiguration(caCertificatePath: ca, certificatePath: certificate, privateKeyPath: key)
        } else {
            let development = NodeCertificate(nodeID: node, directory: self.developmentCertificateDirectory)
            guard development.exists else { return nil }
            configuration = development.tlsConfiguration()
        }
        configuration.revokedFingerprints = Set(self.serve.revokedFingerprints)
        configuration.handshakeTimeout = .seconds(self.serve.handshakeTimeoutSeconds)
        return configuration
    }

    /// The data directory used when nothing names one.
    static var defaultDataDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("docket")
    }

    /// Reads the config file's text into settings.
    /// - Throws: `InputError` naming the key (e.g. `service_targets.L1.respond`) for unknown keys and bad values.
    mutating func apply(configText text: String, path: String) throws {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch let error as TOMLDocument.ParseError {
            throw InputError(field: "config", "\(path) \(error.description)")
        }
        self.configPath = path
        var root = ConfigTable(document.root, path: "")
        if var node = try root.table("node") {
            if let id = try node.string("id") { self.nodeID = try NodeID(id) }
            if let office = try node.string("office") { self.officeCode = office }
            if let dataDirectory = try node.string("data_dir") { self.dataDirectory = dataDirectory }
            try node.rejectUnknownKeys()
        }
        if var targets = try root.table("service_targets") {
            for level in Level.allCases {
                guard var table = try targets.table(level.rawValue) else { continue }
                if let respond = try table.duration("respond") { self.serviceTargets[level].respondSeconds = respond }
                if let resolve = try table.duration("resolve") { self.serviceTargets[level].resolveSeconds = resolve }
                try table.rejectUnknownKeys()
            }
            try targets.rejectUnknownKeys()
        }
        if var workflow = try root.table("workflow") {
            if let delay = try workflow.duration("follow_up_after") { self.followUpAfter = delay }
            try workflow.rejectUnknownKeys()
        }
        try self.serve.apply(&root)
        try root.rejectUnknownKeys()
    }
}
