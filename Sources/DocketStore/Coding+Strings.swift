extension Coding {
    /// A list of strings as the generic `encode` writes it, byte for byte, without JSONEncoder when none
    /// needs escaping: every saved case writes its sets this way.
    static func encode(strings: [String]) throws -> String {
        guard !strings.contains(where: { $0.utf8.contains(where: Self.needsEscape) }) else {
            return try Self.encode(strings)
        }
        return "[" + strings.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]"
    }
}
