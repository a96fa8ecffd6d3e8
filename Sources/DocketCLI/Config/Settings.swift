import DocketAdmin
import DocketCore
import DocketStore
import DocketSync
import DocketTLS
import Foundation
import Logging

/// Everything the `docket` commands are configured with, after defaults, the config file,
/// environment variables and flags have been applied (in that order of increasing priority).
///
/// Each section of the file is read straight into the type of the module it configures, so every
/// default is defined once, in that type.
struct Settings {
    var nodeID: NodeID?
    var officeCode: String?
    var dataDirectory: String
    var serviceTargets = ServiceTargets()
    /// How long after resolving a case its follow-up call is planned, in seconds.
    var followUpAfter: Int64 = 24 * 3600
    /// The config file read, if any.
    var configPath: String?
    /// `[listen]`, `[[peers]]` and `[sync]`.
    var sync = SyncOptions()
    var tls = TLSSection()
    var admin = AdminOptions()
    var logLevel: Logger.Level = .info

    /// The replica's file name in the data directory; SQLite's `-wal` and `-shm` files sit beside it.
    static let databaseFileName = "replica.sqlite"
    static let adminSocketFileName = "admin.sock"

    var databasePath: String { (self.dataDirectory as NSString).appendingPathComponent(Self.databaseFileName) }

    /// The running daemon's admin socket.
    var adminSocketPath: String { (self.dataDirectory as NSString).appendingPathComponent(Self.adminSocketFileName) }

    /// Where `docket serve` keeps development certificates when none are configured.
    var developmentCertificateDirectory: String { (self.dataDirectory as NSString).appendingPathComponent("tls") }

    /// The transport configuration for `node`: the certificate files in `[tls]`, else the development ones
    /// if they exist (nil when neither does), with `[tls]`'s options either way.
    func tlsConfiguration(node: String) -> TLSConfiguration? {
        var configuration: TLSConfiguration
        if let files = self.tls.files {
            configuration = TLSConfiguration(
                caCertificatePath: files.ca, certificatePath: files.certificate, privateKeyPath: files.key)
        } else {
            let development = NodeCertificate(nodeID: node, directory: self.developmentCertificateDirectory)
            guard development.exists else { return nil }
            configuration = development.tlsConfiguration()
        }
        configuration.options = self.tls.options
        return configuration
    }

    /// The data directory used when nothing names one.
    static var defaultDataDirectory: String {
        let base = ProcessEnvironment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("docket")
    }
}
