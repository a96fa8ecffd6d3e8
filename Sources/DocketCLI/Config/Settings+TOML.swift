import DocketCore
import Logging

extension Settings {
    /// Reads the config file's text into settings, each section by its own reader.
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
        if var node = try root.table("node") { try self.readNode(&node) }
        if var targets = try root.table("service_targets") { try self.serviceTargets.read(&targets) }
        if var workflow = try root.table("workflow") { try self.readWorkflow(&workflow) }
        // The daemon's sections are read by every command, so a typo is caught by whichever runs first.
        if var listen = try root.table("listen") { try self.sync.readListen(&listen) }
        try self.sync.readPeers(try root.tables("peers"))
        if var tls = try root.table("tls") { try self.tls.read(&tls) }
        if var sync = try root.table("sync") { try self.sync.readSync(&sync) }
        if var admin = try root.table("admin") { try self.admin.read(&admin) }
        if var log = try root.table("log") { try self.readLog(&log) }
        try root.rejectUnknownKeys()
    }

    /// Reads `[node]`.
    private mutating func readNode(_ table: inout ConfigTable) throws {
        if let id = try table.string("id") { self.nodeID = try NodeID(id) }
        if let office = try table.string("office") { self.officeCode = office }
        if let dataDirectory = try table.string("data_dir") { self.dataDirectory = dataDirectory }
        try table.rejectUnknownKeys()
    }

    /// Reads `[workflow]`.
    private mutating func readWorkflow(_ table: inout ConfigTable) throws {
        if let delay = try table.duration("follow_up_after") { self.followUpAfter = delay }
        try table.rejectUnknownKeys()
    }

    /// Reads `[log]`.
    private mutating func readLog(_ table: inout ConfigTable) throws {
        if let name = try table.string("level") {
            guard let level = Logger.Level(rawValue: name) else {
                throw InputError(field: "log.level", "'\(name)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            self.logLevel = level
        }
        try table.rejectUnknownKeys()
    }
}
