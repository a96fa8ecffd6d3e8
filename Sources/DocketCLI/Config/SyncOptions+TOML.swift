import DocketCore
import DocketSync

/// Readers for the sections that configure replication: `[listen]`, `[[peers]]` and `[sync]`.
extension SyncOptions {
    /// Reads `[listen]`; `address = ""` means the node only dials out.
    mutating func readListen(_ table: inout ConfigTable) throws {
        if let address = try table.string("address") {
            if address.isEmpty {
                self.listenHost = nil
            } else {
                (self.listenHost, self.listenPort) = try NetworkAddress.parse(address, key: "listen.address")
            }
        }
        try table.rejectUnknownKeys()
    }

    /// Reads the `[[peers]]` tables, refusing a node listed twice.
    mutating func readPeers(_ tables: [ConfigTable]) throws {
        var seen: Set<NodeID> = []
        for var table in tables {
            guard let id = try table.string("id") else { throw InputError(field: "\(table.path).id", "is required") }
            guard let address = try table.string("address") else {
                throw InputError(field: "\(table.path).address", "is required")
            }
            let node: NodeID
            do { node = try NodeID(id) } catch { throw InputError(field: "\(table.path).id", "'\(id)' is not a node id") }
            guard seen.insert(node).inserted else { throw InputError(field: "\(table.path).id", "\(id) is listed twice") }
            let (host, port) = try NetworkAddress.parse(address, key: "\(table.path).address")
            self.peers.append(SyncConfiguration.Peer(node: node, host: host, port: port))
            try table.rejectUnknownKeys()
        }
    }

    /// Reads `[sync]`: limits out of range are refused, timers below their minimum are raised to it.
    mutating func readSync(_ table: inout ConfigTable) throws {
        if let value = try table.integer("max_frame_bytes") {
            guard (64 * 1024...256 << 20).contains(value) else {
                throw InputError(field: "sync.max_frame_bytes", "must be between 65536 and 268435456")
            }
            self.maximumFrameBytes = Int(value)
        }
        if let value = try table.integer("batch_operations") {
            guard (1...10_000).contains(value) else { throw InputError(field: "sync.batch_operations", "must be between 1 and 10000") }
            self.batchOperations = Int(value)
        }
        if let value = try table.integer("window") {
            guard let window = Int(exactly: value), SyncOptions.windows.contains(window) else {
                throw InputError(
                    field: "sync.window",
                    "must be between \(SyncOptions.windows.lowerBound) and \(SyncOptions.windows.upperBound)")
            }
            self.window = window
        }
        if let value = try table.duration("heartbeat") { self.heartbeatSeconds = Double(max(1, value)) }
        if let value = try table.duration("idle_timeout") { self.idleTimeoutSeconds = Double(max(2, value)) }
        if let value = try table.duration("retry_initial") { self.retryInitialSeconds = Double(max(1, value)) }
        if let value = try table.duration("retry_max") { self.retryMaximumSeconds = Double(max(1, value)) }
        if let value = try table.duration("max_clock_lead") {
            guard value <= 366 * 86400 else { throw InputError(field: "sync.max_clock_lead", "must be at most 366d") }
            self.maximumClockLeadMillis = max(1, value) * 1000
        }
        guard self.idleTimeoutSeconds > self.heartbeatSeconds else {
            throw InputError(field: "sync.idle_timeout", "must be longer than sync.heartbeat")
        }
        try table.rejectUnknownKeys()
    }
}
