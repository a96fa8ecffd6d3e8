/// One effect of an operation on its record.
public enum Change: Hashable, Sendable, Codable {
    /// Writes a field's multi-value register.
    case set(field: String, value: FieldValue)
    /// Adds an element to an add-wins observed-remove set, tagged with the operation's dot.
    case add(set: String, element: String)
    /// Removes an element by cancelling the add tags the writer had observed; concurrent adds survive.
    case remove(set: String, element: String, observed: [Dot])
    /// Appends an entry to the record's grow-only entry set.
    case append(entry: Entry)
}
