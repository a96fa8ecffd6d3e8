import DocketCore
import DocketStore

extension Replica {
    /// The case (by reference or id) or, failing that, the customer that `key` names.
    ///
    /// - Throws: the customer lookup's `StoreError` when neither exists.
    func record(named key: String) throws -> RecordRef {
        if let view = try? self.caseView(key) { return view.state.ref }
        return try self.customerView(key).state.ref
    }
}
