import Foundation

/// Reads a replica file with the `sqlite3` command-line shell, as an admin or a report would.
public enum SQLShell {
    public static let path = "/usr/bin/sqlite3"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: Self.path) }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The rows of `sql`, each a column-to-value map.
    public static func rows(_ database: String, _ sql: String) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = ["-readonly", "-json", database, sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "sqlite3 exited \(process.terminationStatus): \(message)")
        }
        guard !data.isEmpty else { return [] }
        guard let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Failure(description: "sqlite3 printed \(String(decoding: data, as: UTF8.self))")
        }
        return rows
    }
}
