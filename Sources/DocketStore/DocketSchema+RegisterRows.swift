import DocketCore

extension DocketSchema {
    /// Whether a field's surviving writes are kept as rows in `register_values`: when two or more survive
    /// (a conflict, or concurrent writes that agree), or when any is a value this schema cannot read (a
    /// field, word or shape from a newer Docket). Those are the rows the `conflicts`, `newer_fields` and
    /// `newer_words` views show. A settled field this schema reads is in its record's row and state blob
    /// already; writing its rows as well was a third of saving a record.
    func keepsRows(of register: MultiValueRegister, field: String, of kind: RecordKind) -> Bool {
        register.values.count > 1 || register.values.contains { !self.knows($0.value, in: field, of: kind) }
    }
}
