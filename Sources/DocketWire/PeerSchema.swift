import DocketCore

/// The schema version this build writes, as a hello announces it by default: the core's `DocketSchema`
/// version. A node announces its replica's schema (`DocketSchema.running` in a test run on a newer one).
public enum PeerSchema {
    public static let schemaVersion = UInt64(DocketSchema.current.version)
}
