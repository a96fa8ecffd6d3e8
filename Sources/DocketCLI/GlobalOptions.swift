import ArgumentParser
import DocketCore
import DocketStore
import Foundation

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The replica's directory (default: $DOCKET_DATA_DIR, $XDG_DATA_HOME/docket or ~/.local/share/docket).")
    var dataDirectory: String?

    @Option(help: "The config file (default: $DOCKET_CONFIG, else docket.toml in the data directory if present).")
    var config: String?

    @Option(name: .customLong("as"), help: "Staff id recorded as the author of changes (default: $DOCKET_STAFF, else $USER).")
    var staff: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    /// The settings in force: defaults, then the config file, then environment, then flags.
    func settings() throws -> Settings {
        let dataDirectory = self.dataDirectory ?? ProcessEnvironment["DOCKET_DATA_DIR"]
        var settings = Settings(dataDirectory: dataDirectory ?? Settings.defaultDataDirectory)
        let explicitConfig = self.config ?? ProcessEnvironment["DOCKET_CONFIG"]
        let configPath = explicitConfig ?? (settings.dataDirectory as NSString).appendingPathComponent("docket.toml")
        if FileManager.default.fileExists(atPath: configPath) {
            guard let data = FileManager.default.contents(atPath: configPath),
                let text = String(data: data, encoding: .utf8)
            else { throw InputError(field: "config", "\(configPath) cannot be read as UTF-8 text") }
            try settings.apply(configText: text, path: configPath)
            // A data directory given by flag or environment beats the config file.
            if let dataDirectory { settings.dataDirectory = dataDirectory }
        } else if let explicitConfig {
            throw InputError(field: "config", "\(explicitConfig) does not exist")
        }
        try Self.checkDataDirectory(settings.dataDirectory)
        return settings
    }

    /// Refuses a data directory that is a file, or lies under one, in one line rather than a Foundation error.
    static func checkDataDirectory(_ path: String) throws {
        var current = path
        while !current.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    let problem = current == path ? "is a file" : "lies under \(current), which is a file"
                    throw InputError(field: "data-dir", "\(path) \(problem); the data directory must be a directory")
                }
                return
            }
            let parent = (current as NSString).deletingLastPathComponent
            guard parent != current else { return }
            current = parent
        }
    }

    /// The staff id changes are recorded under.
    func author() throws -> String {
        guard let author = self.staff ?? ProcessEnvironment["DOCKET_STAFF"] ?? ProcessEnvironment["USER"], !author.isEmpty
        else {
            throw InputError(field: "as", "say who is making the change with --as STAFF or $DOCKET_STAFF")
        }
        try InputError.checkText(author, field: "as", maxLength: 100)
        return author
    }

    func openReplica() throws -> (Replica, Settings) {
        let settings = try self.settings()
        do {
            return (try settings.openReplica(), settings)
        } catch let error where StorageFailure.describe(error) != nil {
            throw Self.explain(error, dataDirectory: settings.dataDirectory)
        }
    }

    /// SQLite only says it cannot open a file; a data directory it cannot write is the usual reason, and
    /// the one a person can fix.
    static func explain(_ error: any Error, dataDirectory: String) -> any Error {
        guard access(dataDirectory, W_OK) != 0 else { return error }
        let why = errno == EROFS ? "is on a read-only file system" : "is not writable by this user"
        return InputError(
            field: "replica", "the data directory \(dataDirectory) \(why); docket writes beside the replica even to read it")
    }
}

/// The current wall time in epoch milliseconds.
func currentMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
