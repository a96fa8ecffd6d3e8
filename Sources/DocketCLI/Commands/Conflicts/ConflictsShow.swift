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
            print("\(self.key) has no open conflicts.")
            return
        }
        for conflict in conflicts {
            print("\(conflict.label ?? record.id)  field \(conflict.field)  (shown now: \(conflict.displayed?.value.display ?? "-"))")
            for (index, write) in conflict.values.enumerated() {
                print("  [\(index + 1)] \(write.value.display)")
                print("      by \(write.author) at office \(write.dot.node), \(TimeText.display(write.timestamp)), operation \(write.dot)")
            }
            print("  resolve: docket conflicts resolve \(conflict.label ?? record.id) \(conflict.field) --pick N  (or --value V)")
        }
    }
}
