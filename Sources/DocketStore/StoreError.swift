import DocketCore

/// Why the replica refused a request. Each case reads as one line for the CLI.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// No replica exists at the path; `docket init` creates one.
    case notInitialized(path: String)
    /// The file at the replica's path is empty, not SQLite, or damaged.
    case unusable(path: String, problem: String)
    /// `docket init` found a replica already there.
    case alreadyInitialized(path: String)
    /// The replica's tables were laid out by a newer Docket than this one.
    case newerLayout(path: String)
    /// An operation arrived before earlier ones from its origin; nothing of its batch was stored.
    case outOfSequence(dot: Dot, expected: UInt64)
    /// No case or customer matches what was asked for.
    case notFound(kind: RecordKind, key: String)
    /// An operation failed validation.
    case invalidOperation(dot: Dot, reason: String)
    /// The tables derived from the log disagree with each other; `docket rebuild` derives them again.
    case inconsistent(String)
    /// A chain or signature check failed at `dot`: forged, altered, revoked or unsigned; nothing applied.
    case forged(dot: Dot, ChainRefusal)
    /// Something contradicts an operation held here under the same dot; kept as evidence, nothing applied.
    case equivocation(Equivocation)
    /// This replica was restored and has not yet taken back its own later operations: no local write yet.
    case recovering(held: UInt64, target: UInt64?)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            "replica: no replica at \(path); run 'docket init --node NODE_ID' first"
        case .unusable(let path, let problem):
            "replica: \(path) \(problem); restore the newest backup, or move it aside and re-initialise "
                + "under a new node id to catch up from peers (deploy/backup-restore.md, 'Restoring')"
        case .alreadyInitialized(let path):
            "replica: a replica already exists at \(path)"
        case .newerLayout(let path):
            "replica: \(path) was laid out by a newer Docket than this one; run that version, or restore the "
                + "backup taken before it was installed (docs/upgrading.md)"
        case .outOfSequence(let dot, let expected):
            "seq: operation \(dot) arrived before \(dot.node):\(expected); nothing was applied"
        case .notFound(let kind, let key):
            "\(kind.rawValue): no \(kind.rawValue) '\(key)'"
        case .invalidOperation(let dot, let reason):
            "operation \(dot): \(reason); nothing was applied"
        case .inconsistent(let problem):
            "replica: \(problem); 'docket rebuild' derives the tables again from the log"
        case .forged(let dot, let refusal):
            "operation \(dot): \(refusal); nothing was applied"
        case .equivocation(let evidence):
            "operation \(evidence.dot): equivocation: \(evidence.what) differs from the one held "
                + "(held \(evidence.held), other \(evidence.other)); kept as evidence, nothing was applied"
        case .recovering(let held, let target):
            if let target {
                "replica: restored from a backup; waiting to take back this office's own operations "
                    + "\(held + 1)...\(target) from peers or files before any local write"
            } else {
                "replica: restored from a backup; waiting for a peer to say which of this office's own operations "
                    + "it holds beyond seq \(held) (start 'docket serve' with a peer reachable; "
                    + "'docket recovery finish --no-peer-holds-more' if no peer ever held any)"
            }
        }
    }
}
