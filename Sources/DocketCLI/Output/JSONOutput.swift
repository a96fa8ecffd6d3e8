import DocketAdmin
import Foundation

/// Prints a value on standard output in the `--json` form, the same form the admin endpoint serves.
func printJSON<Value: Encodable>(_ value: Value) throws {
    print(String(decoding: try JSONForm.makeEncoder().encode(value), as: UTF8.self))
}
