import ArgumentParser

/// "Did you mean …" for a mistyped command or subcommand, which ArgumentParser only offers for options.
enum CommandSuggestion {
    /// Options that take a value, so the word after them is not mistaken for a command.
    static let optionsWithValues: Set<String> = ["--data-dir", "--config", "--as"]

    /// One line naming the first word that is not a command where one was expected, with the nearest
    /// command; nil when every command word is known (the parse failed for another reason).
    static func message(for arguments: [String], root: any ParsableCommand.Type = Docket.self) -> String? {
        var command = root
        var path: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument.hasPrefix("-") {
                skipNext = Self.optionsWithValues.contains(argument)
                continue
            }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { Self.names(of: $0).contains(argument) }) {
                command = next
                path.append(Self.names(of: next)[0])
                continue
            }
            // A group with a default subcommand hands it the words it does not know; ours take none.
            let prefix = path.map { $0 + " " }.joined()
            let nearest = subcommands.map { Self.names(of: $0)[0] }
                .min { Self.distance($0, argument) < Self.distance($1, argument) }
            if let nearest, Self.distance(nearest, argument) <= max(2, argument.count / 3) {
                return "unknown command '\(prefix)\(argument)'; did you mean '\(prefix)\(nearest)'?"
            }
            return "unknown command '\(prefix)\(argument)'; see 'docket \(prefix)--help'"
        }
        return nil
    }

    static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }

    /// Levenshtein distance between two words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
