import DocketCore
import DocketStore

extension Replica {
    /// The case (by reference or id) or, failing that, the customer that `key` names.
    ///
    /// - Throws: `InputError` on `case` naming both kinds when neither exists, since either was meant.
    func record(named key: String) throws -> RecordRef {
        if let view = try? self.caseView(key) { return view.state.ref }
        do {
            return try self.customerView(key).state.ref
        } catch StoreError.notFound {
            throw InputError(field: "case", "no case or customer '\(key)'")
        }
    }
}
