import DocketCore

/// The JSON shape of a customer.
struct CustomerDocument: Encodable {
    let id: String
    let fields: [String: FieldValue]
    let traits: [String]
    let conflictedFields: [String]

    init(_ view: CustomerView) {
        self.id = view.id
        var fields: [String: FieldValue] = [:]
        for name in view.state.registers.keys { fields[name] = view.state.displayValue(of: name) }
        self.fields = fields
        self.traits = view.traits
        self.conflictedFields = view.conflictedFields
    }
}
