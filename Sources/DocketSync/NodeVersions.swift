import DocketCore
import DocketStore
import DocketWire

/// What this build announces of itself in its hello, and what status shows beside each peer's versions.
public enum NodeVersions {
    /// The software string of the hello, e.g. `docket 0.3.0`.
    public static let software = "docket \(DocketVersion.current)"
    /// The schema version this process writes: the build's, or a test's newer one (`DocketSchema.running`).
    public static let schema = UInt64(DocketSchema.running.version)
    /// The protocol versions this build speaks, e.g. `2...2`.
    public static let protocols = "\(ProtocolVersion.minimum)...\(ProtocolVersion.maximum)"
}
