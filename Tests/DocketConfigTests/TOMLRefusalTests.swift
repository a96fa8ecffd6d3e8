import Testing

@testable import DocketCLI

/// Everything the TOML reader refuses, each with the line it is on.
@Suite struct TOMLRefusalTests {
    @Test(arguments: [
        // Duplicates.
        ("[node]\nid = \"a\"\n[node]\n", "line 3: table [node] is defined twice"),
        ("[service_targets.L1]\n[service_targets.L1]\n", "line 2: table [service_targets.L1] is defined twice"),
        ("id = \"a\"\nid = \"b\"\n", "line 2: key 'id' is defined twice"),
        ("[a]\nb.c = 1\nb.c = 2\n", "line 3: key 'c' is defined twice"),
        // A name used as a value and as a table.
        ("node = 1\n[node]\n", "line 2: 'node' is already a value, not a table"),
        ("node = 1\nnode.id = \"a\"\n", "line 2: 'node' is already a value, not a table"),
        ("peers = 1\n[[peers]]\n", "line 2: 'peers' is not an array of tables"),
        ("a = 1\n[[a.b]]\n", "line 2: 'a' is not a table"),
        ("a = [1]\na.b = 2\n", "line 2: 'a' is not a table"),
        ("a = [1]\n[a.b]\n", "line 2: 'a' is not a table"),
        // Syntax.
        ("[node\n", "line 1: expected ']'"),
        ("[[peers]\n", "line 1: expected ']'"),
        ("[]\n", "line 1: expected a key"),
        ("= 1\n", "line 1: expected a key"),
        ("id \"a\"\n", "line 1: expected '='"),
        ("a = 1 2\n", "line 1: unexpected '2' after a value"),
        ("[node] id = \"a\"\n", "line 1: unexpected 'i' after a value"),
        ("a = [1 2]\n", "line 1: expected ']'"),
        ("a =", "line 1: expected a value"),
        ("a =\n", "line 1: expected a value (strings need quotes)"),
        // Values outside the subset, or not TOML at all.
        ("level = info\n", "line 1: expected a value (strings need quotes)"),
        ("on = yes\n", "line 1: expected a value (strings need quotes)"),
        ("on = tru\n", "line 1: 'tru' is not a value (strings need quotes)"),
        ("on = True\n", "line 1: expected a value (strings need quotes)"),
        ("ratio = 1.5\n", "line 1: unexpected '.' after a value"),
        ("day = 2026-11-25\n", "line 1: expected a value (strings need quotes)"),
        ("peer = { id = \"hq\" }\n", "line 1: expected a value (strings need quotes)"),
        ("big = 9223372036854775808\n", "line 1: 9223372036854775808 is out of range (integers go up to 9223372036854775807)"),
        // Strings.
        ("a = \"open\n", "line 1: unterminated string"),
        ("a = 'open\n", "line 1: unterminated string"),
        ("a = \"open", "line 1: unterminated string"),
        ("a = \"bad \\q escape\"\n", "line 1: unknown escape '\\q'"),
        ("a = \"\\u12\"\n", "line 1: bad \\u escape"),
        ("a = \"\\UD800DC00\"\n", "line 1: bad \\U escape"),
        ("a = \"\\u00zz\"\n", "line 1: bad \\u escape"),
        ("a = \"ends in a backslash\\", "line 1: unterminated string"),
    ])
    func isRefusedWithItsLine(text: String, expected: String) {
        #expect(Self.refusal(text)?.description == expected)
    }

    @Test func theLineCountsBlankLinesCommentsAndArrayLines() {
        let text = "# comment\n\n[sync]\nwindow = [\n  1,\n  2,\n]\nwindow = 3\n"
        #expect(Self.refusal(text)?.line == 8)
    }

    /// The parse error for `text`, or nil when it parses.
    static func refusal(_ text: String) -> TOMLDocument.ParseError? {
        do {
            _ = try TOMLDocument(parsing: text)
            return nil
        } catch {
            return error as? TOMLDocument.ParseError
        }
    }
}
