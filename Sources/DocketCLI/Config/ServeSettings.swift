import DocketCore

/// The settings of `docket serve`: where to listen, whom to dial, certificates and protocol limits.
struct ServeSettings {
    struct Peer: Equatable {
        var node: NodeID
        var host: String
        var port: Int
    }

    /// `host:port` to accept peers on; `nil` when `listen.address = ""` (dial out only).
    var listenHost: String? = "127.0.0.1"
    var listenPort = 7420
    var peers: [Peer] = []
    /// Certificate files; when all are absent, development certificates are made in the data directory.
    var caPath: String?
    var certificatePath: String?
    var keyPath: String?
    var revokedFingerprints: [String] = []
    var handshakeTimeoutSeconds: Int64 = 10
    var maximumFrameBytes = 16 << 20
    var batchOperations = 1000
    var window = 4
    var heartbeatSeconds: Int64 = 5
    var idleTimeoutSeconds: Int64 = 20
    var retryInitialSeconds: Int64 = 1
    var retryMaximumSeconds: Int64 = 30
    var logLevel = "info"
    /// Loopback address of the admin endpoint for Prometheus; `nil` when `admin.address = ""` (socket only).
    var adminHost: String? = "127.0.0.1"
    var adminPort = 7421

    mutating func apply(_ root: inout ConfigTable) throws {
        if var listen = try root.table("listen") {
            if let address = try listen.string("address") {
                if address.isEmpty {
                    self.listenHost = nil
                } else {
                    (self.listenHost, self.listenPort) = try Self.parseAddress(address, key: "listen.address")
                }
            }
            try listen.rejectUnknownKeys()
        }
        var seen: Set<NodeID> = []
        for var table in try root.tables("peers") {
            guard let id = try table.string("id") else { throw InputError(field: "\(table.path).id", "is required") }
            guard let address = try table.string("address") else {
                throw InputError(field: "\(table.path).address", "is required")
            }
            let node: NodeID
            do { node = try NodeID(id) } catch { throw InputError(field: "\(table.path).id", "'\(id)' is not a node id") }
            guard seen.insert(node).inserted else { throw InputError(field: "\(table.path).id", "\(id) is listed twice") }
            let (host, port) = try Self.parseAddress(address, key: "\(table.path).address")
            self.peers.append(Peer(node: node, host: host, port: port))
            try table.rejectUnknownKeys()
        }
        if var tls = try root.table("tls") {
            self.caPath = try tls.string("ca")
            self.certificatePath = try tls.string("certificate")
            self.keyPath = try tls.string("key")
            if let revoked = try tls.strings("revoked") {
                for fingerprint in revoked {
                    let hex = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
                    guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                        throw InputError(field: "tls.revoked", "'\(fingerprint)' is not a SHA-256 fingerprint (64 hex digits)")
                    }
                }
                self.revokedFingerprints = revoked
            }
            if let timeout = try tls.duration("handshake_timeout") { self.handshakeTimeoutSeconds = timeout }
            let given = [self.caPath, self.certificatePath, self.keyPath].compactMap { $0 }.count
            guard given == 0 || given == 3 else {
                throw InputError(field: "tls", "give all of ca, certificate and key, or none for development certificates")
            }
            try tls.rejectUnknownKeys()
        }
        if var sync = try root.table("sync") {
            if let value = try sync.integer("max_frame_bytes") {
                guard (64 * 1024...256 << 20).contains(value) else {
                    throw InputError(field: "sync.max_frame_bytes", "must be between 65536 and 268435456")
                }
                self.maximumFrameBytes = Int(value)
            }
            if let value = try sync.integer("batch_operations") {
                guard (1...10_000).contains(value) else { throw InputError(field: "sync.batch_operations", "must be between 1 and 10000") }
                self.batchOperations = Int(value)
            }
            if let value = try sync.integer("window") {
                guard (1...64).contains(value) else { throw InputError(field: "sync.window", "must be between 1 and 64") }
                self.window = Int(value)
            }
            if let value = try sync.duration("heartbeat") { self.heartbeatSeconds = max(1, value) }
            if let value = try sync.duration("idle_timeout") { self.idleTimeoutSeconds = max(2, value) }
            if let value = try sync.duration("retry_initial") { self.retryInitialSeconds = max(1, value) }
            if let value = try sync.duration("retry_max") { self.retryMaximumSeconds = max(1, value) }
            guard self.idleTimeoutSeconds > self.heartbeatSeconds else {
                throw InputError(field: "sync.idle_timeout", "must be longer than sync.heartbeat")
            }
            try sync.rejectUnknownKeys()
        }
        if var admin = try root.table("admin") {
            if let address = try admin.string("address") {
                if address.isEmpty {
                    self.adminHost = nil
                } else {
                    let (host, port) = try Self.parseAddress(address, key: "admin.address")
                    guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
                        throw InputError(field: "admin.address", "'\(address)' is not a loopback address; the admin endpoint stays on this machine")
                    }
                    (self.adminHost, self.adminPort) = (host, port)
                }
            }
            try admin.rejectUnknownKeys()
        }
        if var log = try root.table("log") {
            if let level = try log.string("level") {
                guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
                    throw InputError(field: "log.level", "'\(level)' is not one of trace, debug, info, notice, warning, error, critical")
                }
                self.logLevel = level
            }
            try log.rejectUnknownKeys()
        }
    }

    /// Splits `host:port`; the host may be a name, an IPv4 address, or `[IPv6]`.
    static func parseAddress(_ text: String, key: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw InputError(field: key, "'\(text)' is not host:port") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw InputError(field: key, "'\(text)' has no host") }
        return (host, port)
    }
}
