import DocketCore
import DocketStore

extension Replica {
    /// The case (by reference or id) or, failing that, the customer that `key` names.
    ///
    /// - Throws: `InputError` on `case` naming both kinds when neither exists, since either was meant, and
    ///   the case lookup's error when a reference is ambiguous (never one of two cases picked silently).
    func record(named key: String) throws -> RecordRef {
        if let view = try self.caseViewIfPresent(key) { return view.state.ref }
        do {
            return try self.customerView(key).state.ref
        } catch StoreError.notFound {
            throw InputError(field: "case", "no case or customer '\(key)'")
        }
    }
}
