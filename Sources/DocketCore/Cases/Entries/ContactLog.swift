/// A record of one conversation with the customer (沟通记录).
public struct ContactLog: Hashable, Sendable, Codable {
    /// A follow-on task agreed in the conversation.
    public struct Todo: Hashable, Sendable, Codable {
        public let owner: String
        /// Epoch milliseconds, if a date was agreed.
        public let due: Int64?
        public let plan: String

        public init(owner: String, due: Int64?, plan: String) throws {
            try InputError.checkText(owner, field: "todo.owner", maxLength: 100)
            try InputError.checkText(plan, field: "todo.plan", maxLength: 1000)
            self.owner = owner
            self.due = due
            self.plan = plan
        }
    }

    /// Epoch milliseconds when the conversation took place.
    public let at: Int64
    public let channel: Channel
    public let participants: [String]
    public let customerDemand: String
    public let keyIssues: String
    public let outcome: String
    public let todos: [Todo]

    public init(
        at: Int64,
        channel: Channel,
        participants: [String],
        customerDemand: String,
        keyIssues: String,
        outcome: String,
        todos: [Todo]
    ) throws {
        guard !participants.isEmpty else { throw InputError(field: "participants", "name at least one participant") }
        for participant in participants {
            try InputError.checkText(participant, field: "participants", maxLength: 100)
        }
        try InputError.checkText(customerDemand, field: "customer_demand")
        try InputError.checkText(keyIssues, field: "key_issues")
        try InputError.checkText(outcome, field: "outcome")
        guard todos.count <= 50 else { throw InputError(field: "todo", "at most 50 items") }
        self.at = at
        self.channel = channel
        self.participants = participants
        self.customerDemand = customerDemand
        self.keyIssues = keyIssues
        self.outcome = outcome
        self.todos = todos
    }
}
