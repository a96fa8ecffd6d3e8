import ArgumentParser
import DocketCore
import DocketStore

struct CaseList: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only cases with this status.") var status: String?
    @Option(help: "Only cases of this level (L1-L4).") var level: String?
    @Option(help: "Only cases held by this department.") var department: String?
    @Option(help: "Only cases with this first-responsible person.") var owner: String?
    @Flag(help: "Only cases with something overdue now.") var overdue = false
    @Flag(help: "Only cases with an unresolved conflict.") var conflicted = false

    func execute() throws {
        var filter = Replica.CaseFilter()
        filter.status = try self.status.map { try CaseStatus(parsing: $0, field: "status") }
        filter.level = try self.level.map { try Level(parsing: $0, field: "level") }
        filter.department = self.department
        filter.owner = self.owner
        filter.onlyOverdue = self.overdue
        filter.onlyConflicted = self.conflicted
        let (replica, settings) = try self.global.openReplica()
        let listings = try replica.cases(matching: filter, now: currentMillis(), targets: settings.serviceTargets)
        if self.global.json {
            try printJSON(try listings.map {
                try CaseDocument($0.view, overdue: $0.overdue, customerName: $0.customerName, withEntries: false)
            })
            return
        }
        var table = Table("ref", "status", "level", "department", "owner", "customer", "flags", "summary")
        for listing in listings {
            let view = listing.view
            var flags = listing.overdue.labels.map { "overdue:\($0)" }
            if !view.conflictedFields.isEmpty { flags.append("conflict:" + view.conflictedFields.joined(separator: "+")) }
            table.add(
                view.ref ?? view.id, view.status?.rawValue ?? "-", view.level?.rawValue ?? "-",
                view.department ?? "-", view.owner ?? "-", listing.customerName ?? "-",
                flags.isEmpty ? "-" : flags.joined(separator: ","), Table.clip(view.summary ?? "", to: 40))
        }
        print(table.render())
        print("\(listings.count) case\(listings.count == 1 ? "" : "s")")
    }
}
