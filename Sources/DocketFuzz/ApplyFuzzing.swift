import DocketCodec
import DocketCore
import DocketStore
import DocketWire
import Foundation
import NIOCore

/// Decodes bytes as an operations file and as an `operations` message, applies what decodes to a fresh
/// replica with a real verifier, then reads it back and writes locally: whatever was accepted must leave
/// a working replica.
///
/// Each batch is applied as it came, which a mutation almost always gets refused at the chain or
/// signature check, then signed again by the fuzz CA's keys (`FuzzCertificates.resigned(_:)`), so the
/// fuzzer's operations also reach the merge. The replica is fresh for every input, so that any crash
/// replays from its one input.
enum ApplyFuzzing {
    static let office = try! NodeID("fz-home")
    /// A fixed wall clock: fuzzed timestamps then lie both behind and far ahead of it.
    static let now: Int64 = 1_700_000_000_000

    static func run(_ bytes: [UInt8]) {
        var batches = OperationFileFuzzing.decodings(of: bytes).map(\.batch)
        if case .operations(_, let signed)? = try? PeerMessage.decode(from: ByteBuffer(bytes: bytes)) {
            batches.append(signed)
        }
        guard !batches.isEmpty else { return }
        let directory = ScratchDirectory()
        defer { directory.remove() }
        let replica: Replica
        do {
            replica = try Replica.create(at: directory.replicaPath, node: Self.office, officeCode: "FZ01", now: Self.now)
        } catch {
            invariantBroken("a scratch replica cannot be created: \(error)")
        }
        for batch in batches {
            Self.apply(batch, to: replica)
            if let resigned = FuzzCertificates.resigned(batch) { Self.apply(resigned, to: replica) }
        }
        readBack(replica)
        writeLocally(to: batches.flatMap { $0.operations.map(\.operation.record) }, in: replica)
    }

    /// The import path first; when it refuses, applying anyway reaches the merge with what a careless
    /// peer might send.
    static func apply(_ batch: SignedBatch, to replica: Replica) {
        let verifier = FuzzCertificates.verifier
        let bound = ClockBound(now: Self.now)
        if (try? replica.applyCheckingReferences(batch, verifier: verifier, source: "fuzz file", bound: bound)) == nil {
            _ = try? replica.apply(batch, verifier: verifier, source: "fuzz peer", bound: bound)
        }
    }

    /// Every view a command shows, computed from whatever was applied.
    static func readBack(_ replica: Replica) {
        _ = try? replica.counts()
        _ = try? replica.summary(withRecords: true)
        _ = try? replica.customers()
        _ = try? replica.conflicts()
        _ = try? replica.cases(matching: Replica.CaseFilter(), now: Self.now, targets: ServiceTargets())
    }

    /// A local write to each record touched, as a clerk would make next: it must neither trap nor be lost.
    static func writeLocally(to records: [RecordRef], in replica: Replica) {
        for record in Set(records).sorted(by: { $0.id < $1.id }).prefix(8) {
            let field = record.kind == .case ? "details" : "notes"
            _ = try? replica.write(author: "本地职员", now: Self.now) { writer in
                guard try writer.state(of: record) != nil else { return }
                try writer.commit([.set(field: field, value: .text("本地补充"))], to: record)
            }
        }
    }
}

/// A directory for one input's replica, in memory when the system offers it, so runs are not disk-bound.
struct ScratchDirectory {
    let url: URL

    init() {
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm")
            ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        self.url = base.appendingPathComponent("docket-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    var replicaPath: String { self.url.appendingPathComponent("replica.sqlite").path }

    func remove() {
        try? FileManager.default.removeItem(at: self.url)
    }
}
