/// A case handed from one department and person to another (转接), with the context the receiver needs
/// so the customer never has to repeat themselves.
public struct Handoff: Hashable, Sendable, Codable {
    public let fromDepartment: String
    public let fromOwner: String
    public let toDepartment: String
    public let toOwner: String
    public let reason: String
    public let customerBackground: String
    public let problemDetails: String
    public let measuresTaken: String

    /// - Throws: `InputError` naming the first missing or malformed field; all three context fields are required.
    public init(
        fromDepartment: String,
        fromOwner: String,
        toDepartment: String,
        toOwner: String,
        reason: String,
        customerBackground: String,
        problemDetails: String,
        measuresTaken: String
    ) throws {
        try InputError.checkText(toDepartment, field: "to_department", maxLength: 100)
        try InputError.checkText(toOwner, field: "to_owner", maxLength: 100)
        try InputError.checkText(reason, field: "reason", maxLength: 1000)
        try InputError.checkText(customerBackground, field: "customer_background")
        try InputError.checkText(problemDetails, field: "problem_details")
        try InputError.checkText(measuresTaken, field: "measures_taken")
        try InputError.checkText(fromDepartment, field: "from_department", maxLength: 100, allowEmpty: true)
        try InputError.checkText(fromOwner, field: "from_owner", maxLength: 100, allowEmpty: true)
        self.fromDepartment = fromDepartment
        self.fromOwner = fromOwner
        self.toDepartment = toDepartment
        self.toOwner = toOwner
        self.reason = reason
        self.customerBackground = customerBackground
        self.problemDetails = problemDetails
        self.measuresTaken = measuresTaken
    }
}

/// The receiver's acknowledgement of a handoff, closing the inner loop (闭环反馈).
public struct HandoffAcceptance: Hashable, Sendable, Codable {
    /// The operation that carried the handoff.
    public let handoff: Dot
    public let note: String

    public init(handoff: Dot, note: String) throws {
        try InputError.checkText(note, field: "note", maxLength: 1000, allowEmpty: true)
        self.handoff = handoff
        self.note = note
    }
}
