import DocketCore

/// Evidence that an origin wrote two histories: the operation (or signed head) held here under a dot, and
/// a different one that arrived for the same dot. The held one stays; the other is kept, never applied.
public struct Equivocation: Hashable, Sendable {
    public var dot: Dot
    /// "an operation" or "a signed chain head".
    public var what: String
    public var held: ChainHash
    public var other: ChainHash
    /// The other operation's body, or the other signature's claim, as received.
    public var otherBytes: [UInt8]
    /// The peer or file it came from.
    public var source: String

    public init(dot: Dot, what: String, held: ChainHash, other: ChainHash, otherBytes: [UInt8], source: String) {
        self.dot = dot
        self.what = what
        self.held = held
        self.other = other
        self.otherBytes = otherBytes
        self.source = source
    }
}
