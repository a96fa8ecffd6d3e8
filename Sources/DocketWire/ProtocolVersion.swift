/// The versions of the peer protocol this build speaks, and how two peers agree on one.
public enum ProtocolVersion {
    /// The oldest version this build still speaks.
    /// Version 2 signs operations; nothing speaking version 1 has shipped, so it is not spoken at all.
    public static let minimum: UInt16 = 2
    /// The newest version this build speaks.
    public static let maximum: UInt16 = 2

    /// The highest version both ranges contain, or nil when they do not overlap.
    public static func negotiate(
        localMinimum: UInt16 = minimum,
        localMaximum: UInt16 = maximum,
        remoteMinimum: UInt16,
        remoteMaximum: UInt16
    ) -> UInt16? {
        let chosen = min(localMaximum, remoteMaximum)
        return chosen >= max(localMinimum, remoteMinimum) ? chosen : nil
    }
}
