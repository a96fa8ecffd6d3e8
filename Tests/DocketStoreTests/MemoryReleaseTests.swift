@testable import DocketStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Memory freed in the middle of the allocator's heap stays in the process until it is handed back: what a
/// large transaction leaves behind.
@Suite struct MemoryReleaseTests {
    /// This process's resident anonymous memory, in KiB.
    static func residentAnonymousKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(whereSeparator: \.isWhitespace)[1]))
    }

    #if canImport(Glibc)
    @Test func freedMemoryIsHandedBackAfterALargeTransactionOnly() throws {
        #expect(MemoryRelease.isAvailable)
        // 64 MiB in small blocks, each touched, then one more block above them that stays: freeing the
        // others leaves free memory below it, which the allocator keeps.
        let blocks = (0..<131_072).map { _ in
            let block = malloc(512)!
            memset(block, 1, 512)
            return block
        }
        let pin = malloc(512)
        defer { free(pin) }
        blocks.forEach { free($0) }
        let kept = try Self.residentAnonymousKiB()
        #expect(!MemoryRelease.afterTransaction(applying: MemoryRelease.minimumOperations - 1))
        #expect(MemoryRelease.afterTransaction(applying: MemoryRelease.minimumOperations))
        // The allocator is asked on the disposal thread, after what transactions dropped there.
        Disposal.drain()
        // Read from the whole process: the suite runs alone in the test script (`--no-parallel`).
        let afterLarge = try Self.residentAnonymousKiB()
        #expect(kept - afterLarge > 32 * 1024, "held \(kept) KiB, then \(afterLarge) KiB")
    }
    #endif
}
