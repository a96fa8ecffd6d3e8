import ArgumentParser
import DocketCore

struct CaseOpen: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Register a new complaint case.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The customer's id (see 'docket customer list').") var customer: String
    @Option(help: "How the complaint arrived: phone, in_person, online, email, social, letter, hotline.") var channel: String
    @Option(help: "product_quality, repair_quality, staff_error, service_attitude, expectation_gap, delivery, other.")
    var category: String
    @Option(help: "L1 basic inquiry, L2 complex inquiry, L3 technical fault, L4 major complaint.") var level: String
    @Option(help: "calm, dissatisfied, angry, confrontational.") var emotion: String
    @Option(help: "What happened, in the customer's words.") var summary: String
    @Option(help: "The department holding the case.") var department: String
    @Option(help: "The first-responsible person.") var owner: String
    @Option(help: "suggestion, venting, compensation, leverage.") var motive: String?
    @Option(help: "The full account.") var details: String?
    @Option(name: .customLong("explicit-demand"), help: "What the customer asks for.") var explicitDemand: String?
    @Option(name: .customLong("implicit-need"), help: "What the customer needs but did not say.") var implicitNeed: String?

    func execute() throws {
        let intake = CaseDesk.Intake(
            customer: self.customer,
            channel: try Channel(parsing: self.channel, field: "channel"),
            category: try Category(parsing: self.category, field: "category"),
            motive: try self.motive.map { try Motive(parsing: $0, field: "motive") },
            level: try Level(parsing: self.level, field: "level"),
            emotion: try Emotion(parsing: self.emotion, field: "emotion"),
            summary: self.summary,
            details: self.details,
            explicitDemand: self.explicitDemand,
            implicitNeed: self.implicitNeed,
            department: self.department,
            owner: self.owner
        )
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            _ = try writer.findCustomer(self.customer)
            let ref = try writer.takeCaseReference()
            let record = RecordRef.created(by: writer.nextDot, kind: .case)
            let changes = try CaseDesk.open(
                intake, ref: ref, office: writer.officeCode, openedBy: writer.author, now: writer.now)
            try writer.commit(changes, to: record)
            return "\(ref) (\(record.id))"
        }
        try report("Opened \(ref)", operations: operations, json: self.global.json)
    }
}
