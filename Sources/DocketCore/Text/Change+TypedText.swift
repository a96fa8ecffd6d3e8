extension Change {
    /// The change with every piece of text a person typed passed through `rewrite`, which may normalise it
    /// or throw to refuse it.
    ///
    /// Text the change only refers to is left alone: the element a removal cancels, and the department and
    /// owner a handoff comes from, which are copied from the case as it stands.
    /// - Parameters:
    ///   - kind: the kind of record the change is written to, whose schema gives the limits.
    ///   - schema: the schema the change is written under.
    public func rewritingTypedText(
        of kind: RecordKind,
        knowing schema: DocketSchema = .current,
        _ rewrite: (TypedText.Field) throws -> String
    ) throws -> Change {
        let shapes = schema.entryShapes
        let schema = schema.record(kind)
        switch self {
        case .set(let name, .text(let text)):
            guard case .text(let maxLength)? = schema.fields.first(where: { $0.name == name })?.kind else {
                return self
            }
            return .set(field: name, value: .text(try rewrite(TypedText.Field(name, text, maxLength: maxLength))))
        case .set(let name, .remedy(let remedy)):
            let text = try rewrite(TypedText.Field("remedy.text", remedy.text, maxLength: 2000))
            let rewritten = try Remedy(kind: remedy.kind, amount: remedy.amount, currency: remedy.currency, text: text)
            return .set(field: name, value: .remedy(rewritten))
        case .set, .remove:
            return self
        case .add(let set, let element):
            guard case .some(.none) = schema.sets[set] else { return self }
            return .add(set: set, element: try rewrite(TypedText.Field(set, element, maxLength: 50)))
        case .append(let entry):
            return .append(entry: try entry.rewritingTypedText(shapes: shapes, rewrite))
        }
    }
}
