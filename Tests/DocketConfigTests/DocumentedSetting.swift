import DocketAdmin
import DocketCore
import DocketSync
import Logging

@testable import DocketCLI

/// Finds the settings the example config and the docs write down, and checks one against the code.
enum DocumentedSetting {
    /// What the file can change, to compare with a fresh `Settings`.
    struct Configured: Equatable {
        var sync: SyncOptions
        var tls: TLSSection
        var admin: AdminOptions
        var serviceTargets: ServiceTargets
        var followUpAfter: Int64
        var logLevel: Logger.Level

        init(_ settings: Settings) {
            (self.sync, self.tls, self.admin) = (settings.sync, settings.tls, settings.admin)
            (self.serviceTargets, self.followUpAfter, self.logLevel) =
                (settings.serviceTargets, settings.followUpAfter, settings.logLevel)
        }
    }

    /// Whether a file holding only `key = value` configures exactly what no file does.
    static func readsAsDefault(key: String, value: String) throws -> Bool {
        let path = key.split(separator: ".")
        let text = "[\(path.dropLast().joined(separator: "."))]\n\(path.last!) = \(value)\n"
        var settings = Settings(dataDirectory: "/srv/docket")
        try settings.apply(configText: text, path: "docket.toml")
        return Configured(settings) == Configured(Settings(dataDirectory: "/srv/docket"))
    }

    /// The leaf values of a parsed document, keyed by dotted path, as TOML text.
    static func leaves(of table: [String: TOMLDocument.Value], prefix: String = "") -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in table {
            let key = prefix.isEmpty ? name : "\(prefix).\(name)"
            if case .table(let child) = value {
                result.merge(Self.leaves(of: child, prefix: key)) { first, _ in first }
            } else {
                result[key] = Self.render(value)
            }
        }
        return result
    }

    static func render(_ value: TOMLDocument.Value) -> String {
        switch value {
        case .string(let text):
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .integer(let number): "\(number)"
        case .boolean(let flag): "\(flag)"
        case .array(let items): "[" + items.map(Self.render).joined(separator: ", ") + "]"
        case .table: "{}"
        }
    }

    /// The defaults in the docs' key tables (`| \`window\` | \`16\` | … |`) that are one literal value,
    /// with `[service_targets]`'s, which are given in prose (`L1 30m/24h`).
    static func defaults(inMarkdown markdown: String) -> [String: String] {
        var section: String?
        var result: [String: String] = [:]
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("#") {
                section = line.firstMatch(of: /`\[\[?([A-Za-z0-9_.]+)\]\]?`/).map { String($0.1) }
            } else if let section, section.hasPrefix("service_targets.") {
                for match in line.matches(of: /\bL([1-4]) (\w+)\/(\w+)/) {
                    result["service_targets.L\(match.1).respond"] = "\"\(match.2)\""
                    result["service_targets.L\(match.1).resolve"] = "\"\(match.3)\""
                }
            } else if let section, let row = line.wholeMatch(of: /\| `([a-z_]+)` \| ([^|]*) \|.*/),
                let literal = String(row.2).trimmingWhitespace().wholeMatch(of: /`([^`]+)`( \(.*\))?/)
            {
                let text = String(literal.1)
                let isTOML = text.hasPrefix("\"") || text.hasPrefix("[") || Int64(text) != nil
                result["\(section).\(row.1)"] = isTOML ? text : "\"\(text)\""
            }
        }
        return result
    }

    /// Settings shown commented out in the example (`# key = value`), keyed `section.key`, by the table
    /// header, real or commented out, above them.
    static func commentedOut(inExample text: String) -> [String: String] {
        var section = ""
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if let header = line.wholeMatch(of: /#? ?\[\[?([A-Za-z0-9_.]+)\]\]?.*/) {
                section = String(header.1)
            } else if let setting = line.wholeMatch(of: /# ([a-z_]+) = (.*)/) {
                result["\(section).\(setting.1)"] = String(setting.2)
            }
        }
        return result
    }

    /// The example with its commented-out headers and settings written in.
    static func uncommentingSettings(in text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.wholeMatch(of: /# (\[\[?[A-Za-z0-9_.]+\]\]?|[a-z_]+ = .*)/) != nil { return String(line.dropFirst(2)) }
            return String(line)
        }.joined(separator: "\n")
    }
}
