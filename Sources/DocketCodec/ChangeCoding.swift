import DocketCore
import Foundation

/// The canonical JSON of an operation's changes: sorted keys, no escaped slashes. Operation bodies carry
/// it and the log's `changes` column shows it.
public enum ChangeCoding {
    public static func encode(_ changes: [Change]) throws -> [UInt8] {
        if let bytes = Self.writtenByHand(changes) { return bytes }
        return try Self.foundationEncode(changes)
    }

    /// What `encode` writes, always through Foundation: what `writtenByHand` must match.
    package static func foundationEncode(_ changes: [Change]) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(changes))
    }

    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> [Change] {
        if let changes = Self.decodeCanonical(bytes) { return changes }
        do {
            return try JSONDecoder().decode([Change].self, from: Data(bytes))
        } catch {
            throw CodecError("an operation's changes do not decode")
        }
    }

    /// The changes read without Foundation, or nil when `bytes` are not of the kind `encode` writes or do
    /// not decode so: `decode` then asks Foundation. Where this reads them, it must read what Foundation
    /// would; the tests and the `changes` fuzz target compare the two. The tree is read by hand where it
    /// has the shapes `encode` writes, and through the types' `Decodable` where it does not.
    package static func decodeCanonical(_ bytes: [UInt8]) -> [Change]? {
        guard let tree = bytes.withUnsafeBufferPointer(JSONTree.parse) else { return nil }
        return tree.changes() ?? JSONTreeDecoder.read([Change].self, from: tree)
    }

    /// Both of `decodeCanonical`'s readings on their own, for the `changes` fuzz target to hold each to
    /// Foundation's: the reading by hand hides the other wherever it reads the bytes.
    package static func decodeCanonicalEachWay(_ bytes: [UInt8]) -> (byHand: [Change]?, throughDecodable: [Change]?) {
        guard let tree = bytes.withUnsafeBufferPointer(JSONTree.parse) else { return (nil, nil) }
        return (tree.changes(), JSONTreeDecoder.read([Change].self, from: tree))
    }
}
