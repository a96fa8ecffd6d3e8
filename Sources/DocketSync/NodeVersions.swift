import DocketCore
import DocketWire

/// What this build announces of itself in its hello, and what status shows beside each peer's versions.
public enum NodeVersions {
    /// The software string of the hello, e.g. `docket 0.3.0`.
    public static let software = "docket \(DocketVersion.current)"
    /// The schema version this build writes.
    public static let schema = PeerSchema.schemaVersion
    /// The protocol versions this build speaks, e.g. `2...2`.
    public static let protocols = "\(ProtocolVersion.minimum)...\(ProtocolVersion.maximum)"
}
