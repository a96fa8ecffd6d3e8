import DocketCore
import Foundation

/// The canonical JSON of an operation's changes: sorted keys, no escaped slashes. Operation bodies carry
/// it and the log's `changes` column shows it.
public enum ChangeCoding {
    public static func encode(_ changes: [Change]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(changes))
    }

    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> [Change] {
        do {
            return try JSONDecoder().decode([Change].self, from: Data(bytes))
        } catch {
            throw CodecError("an operation's changes do not decode")
        }
    }
}
