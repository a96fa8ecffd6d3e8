import DocketCodec
import DocketCore
import DocketStore
import Foundation

/// Reads the bytes as an operation's changes with the strict reader, by hand and through `Decodable`,
/// and, wherever either reads them, requires Foundation's decoder to read the same: offices on different
/// builds must never read one operation two ways. Whatever Foundation reads is then written back by
/// `JSONTextEncoder` and by `ChangeCoding.writtenByHand`, which must write Foundation's bytes wherever they
/// write any: the `entries` table holds the one's, and operations are hashed and signed as the other writes
/// them.
enum ChangesFuzzing {
    static func run(_ bytes: [UInt8]) {
        let foundation = try? JSONDecoder().decode([Change].self, from: Data(bytes))
        if let foundation { Self.checkWritten(foundation) }
        let (byHand, throughDecodable) = ChangeCoding.decodeCanonicalEachWay(bytes)
        for strict in [byHand, throughDecodable] {
            guard let strict else { continue }
            guard let foundation else { invariantBroken("the strict reader read changes Foundation refuses") }
            guard strict == foundation else { invariantBroken("the strict reader read changes differently from Foundation") }
        }
        guard ChangeCoding.decodeCanonical(bytes) == byHand ?? throughDecodable else {
            invariantBroken("the strict reader did not prefer its reading by hand")
        }
    }

    private static func checkWritten(_ changes: [Change]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for change in changes {
            guard case .append(let entry) = change, let written = JSONTextEncoder.encode(entry) else { continue }
            guard let foundation = try? encoder.encode(entry), written == String(decoding: foundation, as: UTF8.self) else {
                invariantBroken("JSONTextEncoder wrote an entry other than Foundation does")
            }
        }
        if let written = ChangeCoding.writtenByHand(changes) {
            guard let foundation = try? ChangeCoding.foundationEncode(changes), written == foundation else {
                invariantBroken("changes were written by hand other than Foundation writes them")
            }
        }
        if let written = JSONTextEncoder.encode(changes) {
            guard let foundation = try? encoder.encode(changes), written == String(decoding: foundation, as: UTF8.self) else {
                invariantBroken("JSONTextEncoder wrote changes other than Foundation does")
            }
        }
    }
}
