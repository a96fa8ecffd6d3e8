/// What staff can do to a customer record, as pure functions producing the changes to write.
public enum CustomerDesk {
    /// The changes that register a new customer. `tier` defaults to `regular`.
    public static func add(
        name: String,
        phone: String?,
        email: String?,
        salutation: String?,
        tier: Tier?,
        notes: String?
    ) throws -> [Change] {
        var fields: [(String, FieldValue)] = [("name", .text(name)), ("tier", .text((tier ?? .regular).rawValue))]
        if let phone { fields.append(("phone", .text(phone))) }
        if let email { fields.append(("email", .text(email))) }
        if let salutation { fields.append(("salutation", .text(salutation))) }
        if let notes { fields.append(("notes", .text(notes))) }
        return try self.changes(fields)
    }

    /// Changes to a customer's fields.
    public static func set(_ values: [(field: String, value: FieldValue)]) throws -> [Change] {
        guard !values.isEmpty else { throw InputError(field: "field", "name at least one field to set") }
        return try self.changes(values)
    }

    private static func changes(_ values: [(String, FieldValue)]) throws -> [Change] {
        try values.map { field, value in
            let change = Change.set(field: field, value: value)
            try RecordSchema.customer.validate(change)
            return change
        }
    }
}
