import ArgumentParser
import DocketStore

struct ConflictsShow: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the competing values of a case's conflicts.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let record = try replica.record(named: self.key)
        let conflicts = try replica.conflicts(of: record)
        if self.global.json {
            try printJSON(conflicts.map(ConflictDocument.init))
            return
        }
        guard !conflicts.isEmpty else {
            print(TerminalText.escaped("\(self.key) has no open conflicts."))
            return
        }
        for conflict in conflicts {
            let label = conflict.label ?? record.id
            let shown = conflict.displayed?.value.display ?? "-"
            print(TerminalText.escaped("\(label)  field \(conflict.field)  (shown now: \(shown))"))
            for (index, write) in conflict.values.enumerated() {
                print(TerminalText.escaped("  [\(index + 1)] \(write.value.display)"))
                let when = TimeText.display(write.timestamp)
                print(TerminalText.escaped(
                    "      by \(write.author) at office \(write.dot.node), \(when), operation \(write.dot)"))
            }
            print(TerminalText.escaped(
                "  resolve: docket conflicts resolve \(label) \(conflict.field) --pick N  (or --value V)"))
        }
    }
}
