import ArgumentParser
import DocketCore

struct CaseShow: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a case with its entries.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference (e.g. SH01-000001) or id.") var caseKey: String

    func execute() throws {
        let (replica, settings) = try self.global.openReplica()
        let view = try replica.caseView(self.caseKey)
        let overdue = Overdue(view, now: currentMillis(), targets: settings.serviceTargets)
        let customerName = view.customer.flatMap { try? replica.customerView($0).name }
        if self.global.json {
            try printJSON(try CaseDocument(view, overdue: overdue, customerName: customerName, withEntries: true))
        } else {
            print(CaseText.render(view, overdue: overdue, customerName: customerName, schema: replica.schema))
        }
    }
}
