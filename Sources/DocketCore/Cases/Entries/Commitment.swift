/// A promise made to the customer (承诺), with a person accountable and a due time.
public struct Commitment: Hashable, Sendable, Codable {
    public let text: String
    public let owner: String
    /// Epoch milliseconds.
    public let due: Int64

    public init(text: String, owner: String, due: Int64) throws {
        try InputError.checkText(text, field: "text", maxLength: 2000)
        try InputError.checkText(owner, field: "owner", maxLength: 100)
        self.text = text
        self.owner = owner
        self.due = due
    }
}

/// The record that a commitment was kept.
public struct Fulfilment: Hashable, Sendable, Codable {
    /// The operation that carried the commitment.
    public let commitment: Dot
    public let note: String

    public init(commitment: Dot, note: String) throws {
        try InputError.checkText(note, field: "note", maxLength: 2000, allowEmpty: true)
        self.commitment = commitment
        self.note = note
    }
}
