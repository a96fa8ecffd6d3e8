import ArgumentParser
import DocketStore
import Foundation

struct ConflictsList: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List open conflicts.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Keep watching: print the list again whenever it changes (Ctrl-C to stop).") var watch = false

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        guard self.watch else {
            try self.show(try replica.conflicts())
            return
        }
        var last: [String]?
        while true {
            let conflicts = try replica.conflicts()
            let fingerprint = conflicts.map { "\($0.record.id)/\($0.field)/\($0.values.map(\.dot.description))" }
            if fingerprint != last {
                if !self.global.json { print("— \(TimeText.display(currentMillis()))") }
                try self.show(conflicts)
                last = fingerprint
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    private func show(_ conflicts: [Replica.Conflict]) throws {
        if self.global.json {
            try printJSON(conflicts.map(ConflictDocument.init))
            return
        }
        guard !conflicts.isEmpty else {
            print("No open conflicts.")
            return
        }
        var table = Table("record", "field", "shown", "values")
        for conflict in conflicts {
            table.add(
                conflict.label ?? conflict.record.id, conflict.field,
                Table.clip(conflict.displayed?.value.display ?? "-", to: 24),
                conflict.values.map { Table.clip($0.value.display, to: 24) }.joined(separator: " | "))
        }
        print(table.render())
        print("\(conflicts.count) open conflict\(conflicts.count == 1 ? "" : "s"); see one with 'docket conflicts show CASE'")
    }
}
