/// One version of Docket's data model: the fields and sets of each record kind, the words each choice
/// accepts, and the kinds of entry. Every operation says which version wrote it (`ReplicatedOperation.schema`).
///
/// A later version may only add to an earlier one — fields, words, entry kinds, set names — so an office
/// that knows less can still keep, merge and relay what a newer one writes (docs/upgrading.md). Anything
/// else (a new kind of change, a changed merge rule or body layout) needs a protocol version instead.
public struct DocketSchema: Sendable {
    public let version: UInt32
    public let caseRecord: RecordSchema
    public let customerRecord: RecordSchema
    /// Entry kinds this version defines by their text members alone, without a Swift type of their own.
    public let entryShapes: [String: EntryShape]
    /// The versions before this one, oldest first: operations they wrote are validated by their own rules.
    public let earlier: [DocketSchema]

    public init(
        version: UInt32,
        caseRecord: RecordSchema,
        customerRecord: RecordSchema,
        entryShapes: [String: EntryShape] = [:],
        earlier: [DocketSchema] = []
    ) {
        self.version = version
        self.caseRecord = caseRecord
        self.customerRecord = customerRecord
        self.entryShapes = entryShapes
        self.earlier = earlier
    }

    /// The schema this build writes and fully understands.
    public static let current = DocketSchema(version: 1, caseRecord: .case, customerRecord: .customer)

    /// The entry kinds with a Swift type in this build (`Entry`'s typed cases).
    public static let typedEntryKinds: Set<String> = [
        "handoff", "acceptance", "contact", "commitment", "fulfilment", "follow_up_plan", "follow_up", "reopen",
        "close_waiver",
    ]

    public func record(_ kind: RecordKind) -> RecordSchema {
        kind == .case ? self.caseRecord : self.customerRecord
    }

    /// This version or an earlier one by number; nil for a version this build does not know.
    public func definition(of version: UInt32) -> DocketSchema? {
        version == self.version ? self : self.earlier.first { $0.version == version }
    }
}

/// An entry kind defined by its members, each a text of at most `maxLength` characters; all are required.
public struct EntryShape: Sendable {
    public struct Member: Sendable {
        public let name: String
        public let maxLength: Int

        public init(_ name: String, maxLength: Int) {
            self.name = name
            self.maxLength = maxLength
        }
    }

    public let members: [Member]

    public init(_ members: [Member]) {
        self.members = members
    }

    /// Checks an entry body: an object with exactly these members, each acceptable text.
    /// - Throws: `InputError` naming the kind's member that is missing, extra or malformed.
    public func validate(_ body: JSONValue, kind: String) throws {
        guard case .object(let values) = body else { throw InputError(field: kind, "the body is not an object") }
        for member in self.members {
            guard let text = values[member.name]?.string else {
                throw InputError(field: "\(kind).\(member.name)", "is missing or not text")
            }
            try InputError.checkText(text, field: "\(kind).\(member.name)", maxLength: member.maxLength)
        }
        if let extra = values.keys.sorted().first(where: { name in !self.members.contains { $0.name == name } }) {
            throw InputError(field: "\(kind).\(extra)", "is not a member of \(kind)")
        }
    }

    public func fits(_ body: JSONValue) -> Bool {
        (try? self.validate(body, kind: "entry")) != nil
    }
}
