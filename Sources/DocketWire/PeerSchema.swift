/// The schema version this build writes and announces in its hello: which case fields, vocabulary words,
/// entry kinds and set names it knows.
///
/// It must follow the core's schema version: a node that announced a schema other than the one its
/// operations carry would mislead every peer's status.
public enum PeerSchema {
    public static let schemaVersion: UInt64 = 1
}
