import ArgumentParser
import DocketCore

struct CaseRemedy: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "remedy", abstract: "Record the remedy offered or agreed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Option(help: "apology, repair, replacement, refund, coupon, gift, other.") var kind: String
    @Option(help: "What exactly is offered.") var text: String
    @Option(parsing: .unconditional, help: "A decimal amount, e.g. 200 or 199.50.") var amount: String?
    @Option(help: "A three-letter currency code, e.g. CNY.") var currency: String?

    func execute() throws {
        if let amount = self.amount, amount.hasPrefix("-") {
            throw InputError(field: "amount", "'\(amount)' is negative; give what the customer receives, e.g. 200")
        }
        guard self.currency == nil || self.amount != nil else {
            throw InputError(field: "currency", "a currency needs an amount; add --amount or drop --currency")
        }
        let remedy = try Remedy(
            kind: try RemedyKind(parsing: self.kind, field: "kind"),
            amount: self.amount, currency: self.currency, text: self.text)
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let location = try writer.locateCase(self.caseKey)
            let changes = try CaseDesk.set([("remedy", .remedy(remedy))], knowing: writer.schema)
            try writer.commit(changes, to: location.record)
            return location.name
        }
        try report("\(ref): remedy = \(remedy.display)", operations: operations, json: self.global.json)
    }
}
