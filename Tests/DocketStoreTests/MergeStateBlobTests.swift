import DocketCore
import Foundation
import Testing

@testable import DocketStore

/// A record's merge state survives its blob exactly, the same state always gives the same bytes, and a
/// damaged blob is an error, never a trap.
@Suite struct MergeStateBlobTests {
    static let ref = RecordRef(kind: .case, id: "SH01-000042")

    static func node(_ name: String) -> NodeID { try! NodeID(name) }

    static func write(_ node: String, _ seq: UInt64, _ value: FieldValue, author: String = "王芳") -> RegisterValue {
        RegisterValue(
            dot: Dot(node: Self.node(node), seq: seq), timestamp: HLCTimestamp(millis: 1_790_000_000_000 + seq, counter: UInt32(seq % 3)),
            author: author, value: value)
    }

    /// A state with every kind of value, a conflicted register, sets with live and removed tags, and nodes
    /// named out of order.
    static func sample(insertionReversed: Bool = false) throws -> MergeState {
        var values: [(String, MultiValueRegister)] = [
            ("summary", MultiValueRegister(
                frontier: VectorClock([Self.node("sh01"): 4, Self.node("bj02"): 2]),
                values: [Self.write("sh01", 4, .text("空调维修后仍然漏水")), Self.write("bj02", 2, .text("引号\"和\\反斜杠\n换行"))])),
            ("amount", MultiValueRegister(
                frontier: VectorClock([Self.node("gz03"): 9]), values: [Self.write("gz03", 9, .integer(Int64.min))])),
            ("count", MultiValueRegister(
                frontier: VectorClock([Self.node("gz03"): 10]), values: [Self.write("gz03", 10, .integer(Int64.max))])),
            ("owner", MultiValueRegister(frontier: VectorClock([Self.node("sh01"): 1]), values: [Self.write("sh01", 1, .null)])),
            ("remedy", MultiValueRegister(
                frontier: VectorClock([Self.node("sh01"): 3]),
                values: [Self.write("sh01", 3, .remedy(try Remedy(kind: .refund, amount: "199.50", currency: "CNY", text: "退款")))])),
            ("root_cause", MultiValueRegister(
                frontier: VectorClock([Self.node("zz99"): 1]),
                values: [Self.write("zz99", 1, .json(.object(["原因": .array([.bool(true), .number(1.5), .string("安装")])])))])),
        ]
        var sets: [(String, ObservedRemoveSet)] = [
            ("tags", ObservedRemoveSet(
                adds: ["漏水": [Dot(node: Self.node("sh01"), seq: 5), Dot(node: Self.node("bj02"), seq: 1)], "售后": [Dot(node: Self.node("gz03"), seq: 2)]],
                removed: ["催办": [Dot(node: Self.node("sh01"), seq: 2)]])),
            ("feedback_dims", ObservedRemoveSet()),
        ]
        if insertionReversed {
            values.reverse()
            sets.reverse()
        }
        return MergeState(
            ref: Self.ref, clock: VectorClock([Self.node("zz99"): 1, Self.node("sh01"): 5, Self.node("bj02"): 2, Self.node("gz03"): 10]),
            registers: Dictionary(uniqueKeysWithValues: values), sets: Dictionary(uniqueKeysWithValues: sets))
    }

    @Test func aStateRoundTripsThroughItsBlob() throws {
        let state = try Self.sample()
        #expect(try MergeState(ref: Self.ref, blob: try state.blob()) == state)
        let empty = MergeState(ref: Self.ref, clock: VectorClock(), registers: [:], sets: [:])
        #expect(try MergeState(ref: Self.ref, blob: try empty.blob()) == empty)
    }

    @Test func equalStatesGiveEqualBytesWhateverOrderTheyWereBuiltIn() throws {
        let forward = try Self.sample()
        let reversed = try Self.sample(insertionReversed: true)
        #expect(forward == reversed)
        #expect(try forward.blob() == reversed.blob())
        // Dictionaries iterate in a per-process random order; encoding many copies must still agree.
        let first = try forward.blob()
        for _ in 0..<20 {
            #expect(try Self.sample(insertionReversed: Bool.random()).blob() == first)
        }
    }

    @Test func aDifferentStateGivesDifferentBytes() throws {
        let state = try Self.sample()
        var registers = state.registers
        registers["owner"] = MultiValueRegister(
            frontier: VectorClock([Self.node("sh01"): 1]), values: [Self.write("sh01", 1, .null, author: "李雷")])
        let changed = MergeState(ref: state.ref, clock: state.clock, registers: registers, sets: state.sets)
        #expect(try changed.blob() != state.blob())
    }

    @Test func everyTruncationAndAnUnknownFormatAreErrorsNotTraps() throws {
        let blob = try Self.sample().blob()
        for length in 0..<blob.count {
            #expect(throws: StoreError.self) { try MergeState(ref: Self.ref, blob: Array(blob.prefix(length))) }
        }
        #expect(throws: StoreError.self) { try MergeState(ref: Self.ref, blob: [2] + blob.dropFirst()) }
        #expect(throws: StoreError.self) { try MergeState(ref: Self.ref, blob: blob + [0]) }
    }

    @Test func flippedBytesNeverTrap() throws {
        let blob = try Self.sample().blob()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var damaged = blob
            damaged[Int.random(in: 0..<damaged.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            // Either it reads (the flip hit a value's bytes) or it is an inconsistency; nothing else.
            do { _ = try MergeState(ref: Self.ref, blob: damaged) } catch let error as StoreError {
                #expect("\(error)".contains("merge state"))
            }
        }
    }

    @Test func stringListsMatchTheGenericCoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for list in [[], ["漏水"], ["售后", "a/b", "催办"], ["引号\"", "tab\t"]] as [[String]] {
            #expect(try Coding.encode(strings: list) == String(decoding: try encoder.encode(list), as: UTF8.self))
        }
    }
}
