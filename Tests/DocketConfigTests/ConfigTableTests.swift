import DocketCore
import Testing

@testable import DocketCLI

/// Typed reads out of a TOML table: the value when the type is right, one error naming the key otherwise.
@Suite struct ConfigTableTests {
    func table(_ text: String, path: String = "sync") throws -> ConfigTable {
        ConfigTable(try TOMLDocument(parsing: text).root, path: path)
    }

    /// The error a read throws, as the CLI prints it.
    func refusal(_ read: () throws -> Void) -> String? {
        do {
            try read()
            return nil
        } catch {
            return (error as? InputError)?.description ?? "\(error)"
        }
    }

    @Test func readsEachTypeItAsksFor() throws {
        var table = try self.table(
            "s = \"text\"\ni = 42\nb = true\nlist = [\"a\", \"b\"]\nd = \"90s\"\n[t]\nx = 1\n[[many]]\n[[many]]\n")
        #expect(try table.string("s") == "text")
        #expect(try table.integer("i") == 42)
        #expect(try table.boolean("b") == true)
        #expect(try table.strings("list") == ["a", "b"])
        #expect(try table.duration("d") == 90)
        #expect(try table.table("t")?.path == "sync.t")
        #expect(try table.tables("many").map(\.path) == ["sync.many[0]", "sync.many[1]"])
        try table.rejectUnknownKeys()
    }

    @Test func absentKeysReadAsNil() throws {
        var table = try self.table("")
        #expect(try table.string("s") == nil)
        #expect(try table.integer("i") == nil)
        #expect(try table.boolean("b") == nil)
        #expect(try table.strings("list") == nil)
        #expect(try table.duration("d") == nil)
        #expect(try table.table("t") == nil)
        #expect(try table.tables("many").isEmpty)
    }

    @Test func theRootTableNamesKeysWithoutAPrefix() throws {
        var root = try self.table("node = 1\n", path: "")
        #expect(self.refusal { _ = try root.table("node") } == "node: must be a table, not an integer")
    }

    @Test(arguments: [
        ("s = 1", "string", "sync.s: must be a string, not an integer"),
        ("i = \"5\"", "integer", "sync.i: must be an integer, not a string"),
        ("b = \"yes\"", "boolean", "sync.b: must be true or false, not a string"),
        ("list = \"a\"", "strings", "sync.list: must be an array of strings, not a string"),
        ("list = [\"a\", 1]", "strings", "sync.list: must be an array of strings"),
        ("d = 90", "duration", "sync.d: must be a string, not an integer"),
        ("d = \"soon\"", "duration", "sync.d: 'soon' is not a duration such as 90s, 30m, 24h or 3d"),
        ("t = [1]", "table", "sync.t: must be a table, not an array"),
        ("many = true", "tables", "sync.many: must be an array of tables, not a boolean"),
        ("many = [1]", "tables", "sync.many: must be an array of tables ([[sync.many]])"),
    ])
    func aWrongTypeNamesTheKey(text: String, read: String, expected: String) throws {
        var table = try self.table(text + "\n")
        let name = String(text.prefix { $0 != " " })
        let message = self.refusal {
            switch read {
            case "string": _ = try table.string(name)
            case "integer": _ = try table.integer(name)
            case "boolean": _ = try table.boolean(name)
            case "strings": _ = try table.strings(name)
            case "duration": _ = try table.duration(name)
            case "table": _ = try table.table(name)
            default: _ = try table.tables(name)
            }
        }
        #expect(message == expected)
    }

    @Test func anUnknownKeyIsNamedInFull() throws {
        var table = try self.table("window = 4\nwindw = 4\n")
        _ = try table.integer("window")
        #expect(self.refusal { try table.rejectUnknownKeys() } == "sync.windw: is not a known setting")
    }

    @Test func anUnknownKeyInANestedTableNamesItsPath() throws {
        var root = try self.table("[service_targets.L1]\nrespnd = \"1h\"\n[[peers]]\nid = \"a\"\n[[peers]]\nport = 1\n", path: "")
        var targets = try #require(try root.table("service_targets"))
        let level = try #require(try targets.table("L1"))
        #expect(self.refusal { try level.rejectUnknownKeys() } == "service_targets.L1.respnd: is not a known setting")
        var second = try root.tables("peers")[1]
        _ = try second.string("id")
        #expect(self.refusal { try second.rejectUnknownKeys() } == "peers[1].port: is not a known setting")
    }

    @Test func aKeyAskedForCountsAsKnownEvenWhenAbsent() throws {
        var table = try self.table("")
        _ = try table.string("address")
        try table.rejectUnknownKeys()
    }

    @Test func theFirstUnknownKeyIsReportedInNameOrder() throws {
        let table = try self.table("zeta = 1\nalpha = 2\n")
        #expect(self.refusal { try table.rejectUnknownKeys() } == "sync.alpha: is not a known setting")
    }
}

/// Durations as the config file writes them.
@Suite struct DurationTests {
    @Test(arguments: [("90s", 90), ("0s", 0), ("30m", 1800), ("24h", 86400), ("3d", 259_200)] as [(String, Int64)])
    func readsAWholeNumberAndOneUnit(text: String, seconds: Int64) {
        #expect(DocketCLI.Duration.seconds(parsing: text) == seconds)
    }

    @Test(arguments: ["", "s", "5", "-1s", "1.5h", "5w", "5 s", "5S", "1h30m", "soon"])
    func refusesAnythingElse(text: String) {
        #expect(DocketCLI.Duration.seconds(parsing: text) == nil)
    }

    @Test(arguments: ["9999999999999h", "2562047789h", "99999999999999999999d", "36601d"])
    func refusesMoreThanAHundredYearsWithoutTrapping(text: String) {
        #expect(DocketCLI.Duration.seconds(parsing: text) == nil)
        #expect(throws: InputError(field: "due", "'\(text)' is longer than 100 years")) {
            try DocketCLI.Duration.seconds(parsing: text, field: "due")
        }
    }

    @Test(arguments: [(90, "90s"), (0, "0s"), (1800, "30m"), (86400, "24h"), (172_800, "2d"), (3600 * 25, "25h")] as [(Int64, String)])
    func describesTheShortestExactForm(seconds: Int64, text: String) {
        #expect(DocketCLI.Duration.describe(seconds: seconds) == text)
    }
}
