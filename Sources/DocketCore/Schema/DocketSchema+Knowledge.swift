extension DocketSchema {
    /// Whether this schema names `field` for records of `kind`.
    public func knows(field: String, of kind: RecordKind) -> Bool {
        self.record(kind).fields.contains { $0.name == field }
    }

    /// Whether this schema can read `value` as a value of `field`: a known field, a word its choice
    /// accepts, a shape this build has a type for. Otherwise it came from a newer Docket and is shown raw.
    public func knows(_ value: FieldValue, in field: String, of kind: RecordKind) -> Bool {
        guard let spec = self.record(kind).fields.first(where: { $0.name == field }) else { return false }
        switch (spec.kind, value) {
        case (_, .json): return false
        case (.choice(let words), .text(let word)): return words.contains(word)
        default: return true
        }
    }

    /// Whether this schema names the set `set` for records of `kind`.
    public func knows(set: String, of kind: RecordKind) -> Bool {
        self.record(kind).sets[set] != nil
    }

    /// Whether `element` is a word the set accepts, or any element of a free set this schema names.
    public func knows(element: String, in set: String, of kind: RecordKind) -> Bool {
        guard let words = self.record(kind).sets[set] else { return false }
        return words?.contains(element) ?? true
    }

    /// Whether this schema can read the entry: a typed one, or one of a kind it defines by its shape.
    public func knows(_ entry: Entry) -> Bool {
        guard case .untyped(let kind, let body) = entry else { return true }
        return self.entryShapes[kind]?.fits(body) ?? false
    }

    /// Whether every part of `change` is something this schema can read.
    public func knows(_ change: Change, of kind: RecordKind) -> Bool {
        switch change {
        case .set(let field, let value): self.knows(value, in: field, of: kind)
        case .add(let set, let element), .remove(let set, let element, _):
            self.knows(element: element, in: set, of: kind)
        case .append(let entry): self.knows(entry)
        }
    }
}
