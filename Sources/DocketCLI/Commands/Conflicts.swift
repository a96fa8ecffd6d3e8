import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "See and resolve fields that offices changed concurrently.",
        subcommands: [ConflictsList.self, ConflictsShow.self, ConflictsResolve.self],
        defaultSubcommand: ConflictsList.self
    )
}

struct ConflictDocument: Encodable {
    let record: String
    let kind: String
    let label: String?
    let field: String
    let shown: FieldValue?
    let values: [WriteDocument]

    init(_ conflict: Replica.Conflict) {
        self.record = conflict.record.id
        self.kind = conflict.record.kind.rawValue
        self.label = conflict.label
        self.field = conflict.field
        self.shown = conflict.displayed?.value
        self.values = conflict.values.map(WriteDocument.init)
    }
}

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

struct ConflictsShow: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the competing values of a case's conflicts.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let record = try ConflictsResolve.record(for: self.key, in: replica)
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

struct ConflictsResolve: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflicted field by picking one of its values or giving a new one.",
        discussion: "The resolution is an ordinary write that supersedes every competing value; it replicates like any change."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String
    @Argument(help: "The conflicted field.") var field: String
    @Option(help: "The number of the value to keep, as listed by 'conflicts show'.") var pick: Int?
    @Option(help: "A new value instead.") var value: String?

    func execute() throws {
        let change = try LocalChange(self.global)
        let record = try Self.record(for: self.key, in: change.replica)
        let (chosen, operations) = try change.run { writer in
            guard let state = try writer.state(of: record) else { throw StoreError.notFound(kind: record.kind, key: self.key) }
            let changes = try CaseDesk.resolve(state, field: self.field, pick: self.pick, value: self.value.map(FieldValue.text))
            // A picked value is already in the replica and is written back as it is.
            try writer.commit(changes, to: record, typed: self.pick == nil)
            if case .set(_, let value)? = changes.first { return value.display }
            return ""
        }
        try report("\(self.key): \(self.field) settled as \(chosen)", operations: operations, json: self.global.json)
    }

    static func record(for key: String, in replica: Replica) throws -> RecordRef {
        if let view = try replica.caseViewIfPresent(key) { return view.state.ref }
        return try replica.customerView(key).state.ref
    }
}
