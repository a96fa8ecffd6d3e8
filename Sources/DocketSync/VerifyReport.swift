/// The outcome of comparing this replica with a peer's (`docket verify PEER`).
public struct VerifyReport: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Same version vector, same state digest.
        case agree
        /// Same version vector, different state: `differences` names the first records that differ.
        case differ
        /// The vectors never matched while we looked (writes in flight, or a link that cannot catch up).
        case notComparable = "not_comparable"
    }

    /// A record whose materialized state differs; a nil digest means that side does not have it.
    public struct Difference: Codable, Sendable, Equatable {
        public var record: String
        public var local: String?
        public var peer: String?
    }

    public var peer: String
    public var outcome: Outcome
    public var localVector: String
    public var peerVector: String
    public var localDigest: String
    public var peerDigest: String
    public var differences: [Difference]
    public var message: String
}
