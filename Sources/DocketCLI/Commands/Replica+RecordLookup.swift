import DocketCore
import DocketStore

extension Replica {
    /// The case (by reference or id) or, failing that, the customer that `key` names.
    ///
    /// - Throws: the customer lookup's `StoreError` when neither exists, and the case lookup's when a
    ///   reference is ambiguous (never one of two cases picked silently).
    func record(named key: String) throws -> RecordRef {
        if let view = try self.caseViewIfPresent(key) { return view.state.ref }
        return try self.customerView(key).state.ref
    }
}
