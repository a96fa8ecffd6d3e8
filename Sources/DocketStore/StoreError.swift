import DocketCore

/// Why the replica refused a request. Each case reads as one line for the CLI.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// No replica exists at the path; `docket init` creates one.
    case notInitialized(path: String)
    /// The file at the replica's path is empty, not SQLite, or damaged.
    case unusable(path: String, problem: String)
    /// `docket init` found a replica already there.
    case alreadyInitialized(path: String)
    /// An operation arrived before earlier ones from its origin; nothing of its batch was stored.
    case outOfSequence(dot: Dot, expected: UInt64)
    /// No case or customer matches what was asked for.
    case notFound(kind: RecordKind, key: String)
    /// An operation failed validation.
    case invalidOperation(dot: Dot, reason: String)
    /// The tables derived from the log disagree with each other; `docket rebuild` derives them again.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            "replica: no replica at \(path); run 'docket init --node NODE_ID' first"
        case .unusable(let path, let problem):
            "replica: \(path) \(problem); restore the newest backup, or move it aside and re-initialise "
                + "under a new node id to catch up from peers (deploy/backup-restore.md, 'Restoring')"
        case .alreadyInitialized(let path):
            "replica: a replica already exists at \(path)"
        case .outOfSequence(let dot, let expected):
            "seq: operation \(dot) arrived before \(dot.node):\(expected); nothing was applied"
        case .notFound(let kind, let key):
            "\(kind.rawValue): no \(kind.rawValue) '\(key)'"
        case .invalidOperation(let dot, let reason):
            "operation \(dot): \(reason); nothing was applied"
        case .inconsistent(let problem):
            "replica: \(problem); 'docket rebuild' derives the tables again from the log"
        }
    }
}
