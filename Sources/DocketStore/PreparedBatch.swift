import DocketCodec
import DocketCore

/// An operation with what storing it needs that depends on nothing the replica holds: the JSON of its
/// clock for the log, the JSON of the entry it appends, and its check against the schema.
///
/// Worked out ahead, on another thread while the writer applies the batch before (`BatchPrefetch`), these
/// cost the writer nothing; done in the transaction they were about a sixth of its time in a catch-up.
struct PreparedOperation: Sendable {
    let encoded: EncodedOperation
    /// The log's `clock` column. Nil when it did not encode: the row encodes it again and fails there, so an
    /// operation never stored (one held already) fails nothing.
    let clockJSON: String?
    /// The `entries` row's body for the entry it appends (a valid operation appends at most one). Nil when
    /// it appends none, or, as for the clock, when it did not encode.
    let entryJSON: String?
    /// Why it does not fit the schema, when it does not.
    let invalid: String?

    init(_ encoded: EncodedOperation, schema: DocketSchema) throws {
        self.init(encoded, invalid: try Self.invalidity(of: encoded.operation, knowing: schema))
    }

    /// `encoded` checked already: `invalid` is what `invalidity(of:knowing:)` said of it.
    init(_ encoded: EncodedOperation, invalid: String?) {
        let operation = encoded.operation
        self.encoded = encoded
        self.clockJSON = try? Coding.encode(operation.clock)
        var appended: Entry?
        for case .append(let entry) in operation.changes { appended = entry }
        self.entryJSON = appended.flatMap { try? Coding.encode($0) }
        self.invalid = invalid
    }

    /// Why `operation` does not fit `schema`, or nil when it does.
    static func invalidity(of operation: ReplicatedOperation, knowing schema: DocketSchema) throws -> String? {
        do {
            try operation.validate(knowing: schema)
            return nil
        } catch let error as InputError {
            return error.description
        }
    }

    var operation: ReplicatedOperation { self.encoded.operation }
}

/// A signed batch with its operations prepared, in the order they are applied: each origin's by `seq`.
struct PreparedBatch: Sendable {
    let signed: SignedBatch
    let operations: [PreparedOperation]

    init(_ signed: SignedBatch, schema: DocketSchema) throws {
        self.signed = signed
        self.operations = try signed.operations.sorted { $0.dot < $1.dot }.map { try PreparedOperation($0, schema: schema) }
    }
}
