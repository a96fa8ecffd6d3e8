extension RecordSchema {
    /// The most characters a value or entry body from a newer schema may take, as compact JSON.
    static let newerValueLength = 16_000
    /// The deepest a newer schema's JSON value may nest.
    static let newerValueDepth = 16

    /// Checks a change written under a newer schema version than this build knows.
    ///
    /// Only additions are compatible (docs/upgrading.md): new fields, words, entry kinds and set names are
    /// accepted within size bounds, since refusing them would halt every later operation of their origin.
    /// What this build does know keeps its type and limits: a known field's text is no longer than here, a
    /// remedy or a typed entry passes its checks. Nothing here can trap, whatever the values.
    /// - Throws: `InputError` naming the offending part.
    func checkNewer(_ change: Change, knowing schema: DocketSchema) throws {
        switch change {
        case .set(let name, let value):
            if let field = self.fields.first(where: { $0.name == name }) {
                try Self.checkNewer(value, for: field)
            } else {
                try Self.checkName(name, of: "field")
                try Self.checkNewer(value, field: name)
            }
        case .add(let set, let element), .remove(let set, let element, _):
            if let words = self.sets[set] {
                let isKnown = words?.contains(element) ?? false
                if !isKnown { try InputError.checkText(element, field: set, maxLength: words == nil ? 50 : 100) }
            } else {
                try Self.checkName(set, of: "set")
                try InputError.checkText(element, field: set, maxLength: 100)
            }
        case .append(let entry):
            guard self.kind == .case else { throw InputError(field: "entry", "only cases carry entries") }
            try Self.checkNewer(entry, knowing: schema)
        }
    }

    private static func checkNewer(_ value: FieldValue, for field: Field) throws {
        switch (field.kind, value) {
        case (_, .null):
            // A newer schema may let a field be cleared; showing it empty here is harmless.
            return
        case (.text(let maxLength), .text(let text)):
            try InputError.checkText(text, field: field.name, maxLength: maxLength, allowEmpty: true)
        case (.choice(let words), .text(let text)):
            if !words.contains(text) { try InputError.checkText(text, field: field.name, maxLength: 100) }
        case (.remedy, .remedy(let remedy)):
            _ = try Remedy(kind: remedy.kind, amount: remedy.amount, currency: remedy.currency, text: remedy.text)
        case (.remedy, .json(let json)):
            // A remedy of a kind this build does not know.
            try Self.checkNewer(json, field: field.name)
        case (.timestamp, .integer):
            return
        default:
            throw InputError(field: field.name, "value \(value.display) has the wrong type, in any schema version")
        }
    }

    /// A value of a field this build does not know.
    private static func checkNewer(_ value: FieldValue, field: String) throws {
        switch value {
        case .text(let text): try InputError.checkText(text, field: field, maxLength: 8000, allowEmpty: true)
        case .integer, .null: return
        case .remedy(let remedy):
            _ = try Remedy(kind: remedy.kind, amount: remedy.amount, currency: remedy.currency, text: remedy.text)
        case .json(let json): try Self.checkNewer(json, field: field)
        }
    }

    private static func checkNewer(_ entry: Entry, knowing schema: DocketSchema) throws {
        guard case .untyped(let kind, let body) = entry else {
            try entry.validate(knowing: schema)
            return
        }
        if let shape = schema.entryShapes[kind], shape.fits(body) { return }
        try Self.checkName(kind, of: "entry kind")
        try Self.checkNewer(body, field: kind)
    }

    private static func checkNewer(_ json: JSONValue, field: String) throws {
        guard json.depth <= Self.newerValueDepth else {
            throw InputError(field: field, "nests deeper than \(Self.newerValueDepth) levels")
        }
        let length = json.compactText.count
        guard length <= Self.newerValueLength else {
            throw InputError(field: field, "is \(length) characters of JSON; the limit is \(Self.newerValueLength)")
        }
    }

    /// Names of fields, sets and entry kinds: 1–64 of `a`–`z`, `0`–`9` and `_`, starting with a letter,
    /// so they read plainly as column names and in SQL.
    static func checkName(_ name: String, of what: String) throws {
        let scalars = name.unicodeScalars
        let isValid = (1...64).contains(scalars.count) && scalars.first.map { ("a"..."z").contains($0) } == true
            && scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        guard isValid else { throw InputError(field: what, "'\(name)' is not a name of a-z, 0-9 and _") }
    }
}
