import DocketCodec
import DocketCore
import Foundation

/// Reads the bytes as an operation's changes with the strict reader, and, wherever it reads them,
/// requires Foundation's decoder to read the same: offices on different builds must never read one
/// operation two ways.
enum ChangesFuzzing {
    static func run(_ bytes: [UInt8]) {
        guard let strict = ChangeCoding.decodeCanonical(bytes) else { return }
        guard let foundation = try? JSONDecoder().decode([Change].self, from: Data(bytes)) else {
            invariantBroken("the strict reader read changes Foundation refuses")
        }
        guard strict == foundation else { invariantBroken("the strict reader read changes differently from Foundation") }
    }
}
