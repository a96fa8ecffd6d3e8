import Testing

@testable import DocketCLI

/// Every TOML construct Docket's configuration uses, read the way the config files write it.
@Suite struct TOMLDocumentTests {
    typealias Value = TOMLDocument.Value

    func parse(_ text: String) throws -> [String: Value] {
        try TOMLDocument(parsing: text).root
    }

    @Test func tablesHoldTheirKeys() throws {
        let root = try self.parse("[node]\nid = \"sh-pudong\"\noffice = \"SH01\"\n\n[log]\nlevel = \"info\"\n")
        #expect(root == [
            "node": .table(["id": .string("sh-pudong"), "office": .string("SH01")]),
            "log": .table(["level": .string("info")]),
        ])
    }

    @Test func dottedTableNamesNest() throws {
        let root = try self.parse("[service_targets.L1]\nrespond = \"30m\"\n[service_targets.L2]\nrespond = \"1h\"\n")
        #expect(root == [
            "service_targets": .table([
                "L1": .table(["respond": .string("30m")]),
                "L2": .table(["respond": .string("1h")]),
            ])
        ])
    }

    @Test func dottedKeysNestInsideTheCurrentTable() throws {
        let root = try self.parse("[service_targets]\nL1.respond = \"30m\"\nL1 . resolve = \"24h\"\n")
        #expect(root == ["service_targets": .table(["L1": .table(["respond": .string("30m"), "resolve": .string("24h")])])])
    }

    @Test func arraysOfTablesAppendOneTableEach() throws {
        let root = try self.parse(
            """
            [[peers]]
            id = "hq"
            address = "hq.example.internal:7420"

            [[peers]]
            id = "bj-chaoyang"
            address = "[::1]:7420"
            """)
        #expect(root == [
            "peers": .array([
                .table(["id": .string("hq"), "address": .string("hq.example.internal:7420")]),
                .table(["id": .string("bj-chaoyang"), "address": .string("[::1]:7420")]),
            ])
        ])
    }

    @Test func aTableUnderAnArrayOfTablesBelongsToItsLastElement() throws {
        let root = try self.parse("[[peers]]\nid = \"a\"\n[peers.extra]\nx = 1\n[[peers]]\nid = \"b\"\n")
        #expect(root == [
            "peers": .array([
                .table(["id": .string("a"), "extra": .table(["x": .integer(1)])]),
                .table(["id": .string("b")]),
            ])
        ])
    }

    @Test func basicStringsDecodeTheirEscapes() throws {
        let root = try self.parse(#"s = "tab\there \"quoted\" back\\slash\nline \u00e9 \U0001F600""# + "\n")
        #expect(root["s"] == .string("tab\there \"quoted\" back\\slash\nline é 😀"))
    }

    @Test func literalStringsKeepBackslashes() throws {
        #expect(try self.parse(#"path = 'C:\docket\tls'"#)["path"] == .string(#"C:\docket\tls"#))
    }

    @Test func stringsCarryChineseText() throws {
        let root = try self.parse("name = \"某公司 Docket CA\"\n\"键\" = '上海浦东'\n")
        #expect(root == ["name": .string("某公司 Docket CA"), "键": .string("上海浦东")])
    }

    @Test func quotedKeysMayHoldAnyText() throws {
        #expect(try self.parse("\"a b\" = 1\n'c.d' = 2\n") == ["a b": .integer(1), "c.d": .integer(2)])
    }

    @Test func integersTakeSignsAndUnderscores() throws {
        let root = try self.parse("a = 16777216\nb = 16_777_216\nc = -5\nd = +3\ne = 0\n")
        #expect(root == ["a": .integer(16_777_216), "b": .integer(16_777_216), "c": .integer(-5), "d": .integer(3), "e": .integer(0)])
    }

    @Test func booleans() throws {
        #expect(try self.parse("yes = true\nno = false\n") == ["yes": .boolean(true), "no": .boolean(false)])
    }

    @Test func arraysSpanLinesWithCommentsAndATrailingComma() throws {
        let root = try self.parse(
            """
            revoked = [
                "AB:CD",   # a stolen laptop
                # a comment line inside the array
                "ef01",
            ]
            empty = []
            mixed = [1, "two", true]
            """)
        #expect(root["revoked"] == .array([.string("AB:CD"), .string("ef01")]))
        #expect(root["empty"] == .array([]))
        #expect(root["mixed"] == .array([.integer(1), .string("two"), .boolean(true)]))
    }

    @Test func commentsAndBlankLinesAreSkippedEverywhere() throws {
        let root = try self.parse(
            """
            # leading comment

            [service_targets.L1]   # basic inquiry
            respond = "30m"  # trailing comment
              # indented comment
            resolve = "24h"#no space
            """)
        #expect(root == ["service_targets": .table(["L1": .table(["respond": .string("30m"), "resolve": .string("24h")])])])
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        #expect(try self.parse("[log]\r\nlevel = \"info\"\r\n") == ["log": .table(["level": .string("info")])])
    }

    @Test func durationsAreStringsForTheTableToRead() throws {
        #expect(try self.parse("heartbeat = \"5s\"\n")["heartbeat"] == .string("5s"))
    }

    @Test func anEmptyDocumentHasNoKeys() throws {
        #expect(try self.parse("").isEmpty)
        #expect(try self.parse("# only a comment\n\n").isEmpty)
    }

    @Test func typeNamesReadInErrorMessages() {
        #expect(Value.string("").typeName == "a string")
        #expect(Value.integer(1).typeName == "an integer")
        #expect(Value.boolean(true).typeName == "a boolean")
        #expect(Value.array([]).typeName == "an array")
        #expect(Value.table([:]).typeName == "a table")
    }
}
