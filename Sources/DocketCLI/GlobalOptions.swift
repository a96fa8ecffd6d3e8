import ArgumentParser
import DocketCore
import DocketStore
import Foundation

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The replica's directory (default: $DOCKET_DATA_DIR or ~/.local/share/docket).")
    var dataDirectory: String?

    @Option(help: "The config file (default: $DOCKET_CONFIG, else docket.toml in the data directory if present).")
    var config: String?

    @Option(name: .customLong("as"), help: "Staff id recorded as the author of changes (default: $DOCKET_STAFF, else $USER).")
    var staff: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    /// The settings in force: defaults, then the config file, then environment, then flags.
    func settings() throws -> Settings {
        let environment = ProcessInfo.processInfo.environment
        let dataDirectory = self.dataDirectory ?? environment["DOCKET_DATA_DIR"]
        var settings = Settings(dataDirectory: dataDirectory ?? Settings.defaultDataDirectory)
        let explicitConfig = self.config ?? environment["DOCKET_CONFIG"]
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
        return settings
    }

    /// The staff id changes are recorded under.
    func author() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let author = self.staff ?? environment["DOCKET_STAFF"] ?? environment["USER"], !author.isEmpty else {
            throw InputError(field: "as", "say who is making the change with --as STAFF or $DOCKET_STAFF")
        }
        try InputError.checkText(author, field: "as", maxLength: 100)
        return author
    }

    func openReplica() throws -> (Replica, Settings) {
        let settings = try self.settings()
        return (try settings.openReplica(), settings)
    }
}

/// The current wall time in epoch milliseconds.
func currentMillis() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1000).rounded())
}
