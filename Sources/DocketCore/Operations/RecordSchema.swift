/// The fields and sets each kind of record has, and what values they accept.
public struct RecordSchema: Sendable {
    public enum ValueKind: Sendable, Equatable {
        case text(maxLength: Int)
        case choice([String])
        case remedy
        case timestamp
    }

    public struct Field: Sendable {
        public let name: String
        public let kind: ValueKind
        /// Written once, when the record is created; never offered for editing.
        public let isFixed: Bool
        /// Whether `null` (cleared) is acceptable.
        public let isOptional: Bool

        public init(name: String, kind: ValueKind, isFixed: Bool, isOptional: Bool) {
            self.name = name
            self.kind = kind
            self.isFixed = isFixed
            self.isOptional = isOptional
        }
    }

    public let kind: RecordKind
    public let fields: [Field]
    /// Set name to the words it accepts; `nil` accepts free tags.
    public let sets: [String: [String]?]

    /// This schema with one more field: how a later schema version grows a record.
    public func adding(_ field: Field) -> RecordSchema {
        RecordSchema(kind: self.kind, fields: self.fields + [field], sets: self.sets)
    }

    /// This schema with more words accepted by the choice field `name`.
    public func adding(words: [String], to name: String) -> RecordSchema {
        let fields = self.fields.map { field in
            guard field.name == name, case .choice(let known) = field.kind else { return field }
            return Field(name: name, kind: .choice(known + words), isFixed: field.isFixed, isOptional: field.isOptional)
        }
        return RecordSchema(kind: self.kind, fields: fields, sets: self.sets)
    }

    public func field(named name: String) throws -> Field {
        guard let field = self.fields.first(where: { $0.name == name }) else {
            let names = self.fields.filter { !$0.isFixed }.map(\.name).joined(separator: ", ")
            throw InputError(field: "field", "'\(name)' is not a \(self.kind.rawValue) field (\(names))")
        }
        return field
    }

    /// Checks one change against this schema.
    public func validate(_ change: Change) throws {
        switch change {
        case .set(let name, let value):
            let field = try self.field(named: name)
            try Self.check(value, for: field)
        case .add(let set, let element), .remove(let set, let element, _):
            try self.validate(element: element, in: set)
        case .append:
            guard self.kind == .case else { throw InputError(field: "entry", "only cases carry entries") }
        }
    }

    public func validate(element: String, in set: String) throws {
        guard let words = self.sets[set] else {
            let names = self.sets.keys.sorted().joined(separator: ", ")
            throw InputError(field: "set", "'\(set)' is not a \(self.kind.rawValue) set (\(names))")
        }
        if let words {
            guard words.contains(element) else {
                throw InputError(field: set, "'\(element)' is not one of \(words.joined(separator: ", "))")
            }
        } else {
            try InputError.checkText(element, field: set, maxLength: 50)
        }
    }

    private static func check(_ value: FieldValue, for field: Field) throws {
        switch (field.kind, value) {
        case (_, .null) where field.isOptional:
            return
        case (.text(let maxLength), .text(let text)):
            try InputError.checkText(text, field: field.name, maxLength: maxLength, allowEmpty: field.isOptional)
        case (.choice(let words), .text(let text)):
            guard words.contains(text) else {
                throw InputError(field: field.name, "'\(text)' is not one of \(words.joined(separator: ", "))")
            }
        case (.remedy, .remedy(let remedy)):
            // A decoded remedy skipped its initializer's checks; run them again.
            _ = try Remedy(kind: remedy.kind, amount: remedy.amount, currency: remedy.currency, text: remedy.text)
        case (.timestamp, .integer):
            return
        default:
            throw InputError(field: field.name, "value \(value.display) has the wrong type")
        }
    }

    public static func of(_ kind: RecordKind) -> RecordSchema {
        kind == .case ? Self.case : Self.customer
    }

    public static let `case` = RecordSchema(
        kind: .case,
        fields: [
            Field(name: "ref", kind: .text(maxLength: 40), isFixed: true, isOptional: false),
            Field(name: "customer", kind: .text(maxLength: 80), isFixed: true, isOptional: false),
            Field(name: "origin_office", kind: .text(maxLength: 40), isFixed: true, isOptional: false),
            Field(name: "opened_at", kind: .timestamp, isFixed: true, isOptional: false),
            Field(name: "opened_by", kind: .text(maxLength: 100), isFixed: true, isOptional: false),
            Field(name: "channel", kind: .choice(Channel.words), isFixed: false, isOptional: false),
            Field(name: "category", kind: .choice(Category.words), isFixed: false, isOptional: false),
            Field(name: "motive", kind: .choice(Motive.words), isFixed: false, isOptional: true),
            Field(name: "level", kind: .choice(Level.words), isFixed: false, isOptional: false),
            Field(name: "emotion", kind: .choice(Emotion.words), isFixed: false, isOptional: false),
            Field(name: "summary", kind: .text(maxLength: 500), isFixed: false, isOptional: false),
            Field(name: "details", kind: .text(maxLength: 8000), isFixed: false, isOptional: true),
            Field(name: "explicit_demand", kind: .text(maxLength: 2000), isFixed: false, isOptional: true),
            Field(name: "implicit_need", kind: .text(maxLength: 2000), isFixed: false, isOptional: true),
            Field(name: "department", kind: .text(maxLength: 100), isFixed: false, isOptional: false),
            Field(name: "owner", kind: .text(maxLength: 100), isFixed: false, isOptional: false),
            Field(name: "status", kind: .choice(CaseStatus.words), isFixed: false, isOptional: false),
            Field(name: "remedy", kind: .remedy, isFixed: false, isOptional: true),
        ],
        sets: ["tags": nil, "feedback_dims": FeedbackDimension.words]
    )

    public static let customer = RecordSchema(
        kind: .customer,
        fields: [
            Field(name: "name", kind: .text(maxLength: 200), isFixed: false, isOptional: false),
            Field(name: "phone", kind: .text(maxLength: 40), isFixed: false, isOptional: true),
            Field(name: "email", kind: .text(maxLength: 200), isFixed: false, isOptional: true),
            Field(name: "salutation", kind: .text(maxLength: 100), isFixed: false, isOptional: true),
            Field(name: "tier", kind: .choice(Tier.words), isFixed: false, isOptional: false),
            Field(name: "notes", kind: .text(maxLength: 4000), isFixed: false, isOptional: true),
        ],
        sets: ["traits": nil]
    )
}
