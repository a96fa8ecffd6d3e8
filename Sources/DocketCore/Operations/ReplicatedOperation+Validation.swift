extension ReplicatedOperation {
    /// Checks what an operation from elsewhere must satisfy before it may be stored: a sane shape,
    /// fields and sets that exist for the record's kind, values of the right type, entries and remedies
    /// that pass the checks made when a person writes them, and a clock that does not claim to know the
    /// operation itself.
    ///
    /// An operation of a schema version `schema` knows (the current one or an earlier one) is held to that
    /// version's rules. One of a newer version may carry fields, words, entry kinds and set names this
    /// build has never heard of: those are bounded in size and accepted, so an office that has not been
    /// upgraded yet keeps replicating (`checkNewer`). Workflow rules are deliberately not checked here:
    /// merged changes are never rejected for them.
    /// - Parameter schema: what this build knows; `DocketSchema.current` unless a test extends it.
    /// - Throws: `InputError` naming the offending part.
    public func validate(knowing schema: DocketSchema = .current) throws {
        try self.validateShape()
        if let written = schema.definition(of: self.schema) {
            let record = written.record(self.record.kind)
            for change in self.changes {
                try record.validate(change)
                if case .append(let entry) = change { try entry.validate(knowing: written) }
            }
        } else if self.schema > schema.version {
            let record = schema.record(self.record.kind)
            for change in self.changes {
                try record.checkNewer(change, knowing: schema)
            }
        } else {
            throw InputError(field: "schema", "schema version \(self.schema) is not one this build knows")
        }
    }

    /// What every operation satisfies, whatever schema version wrote it.
    private func validateShape() throws {
        guard self.schema > 0 else { throw InputError(field: "schema", "schema versions start at 1") }
        guard self.dot.seq > 0 else { throw InputError(field: "dot", "sequence numbers start at 1") }
        // SQLite stores integers as signed 64-bit: anything larger could never be held by any build.
        guard self.dot.seq <= Dot.maximumSeq else {
            throw InputError(field: "dot", "sequence number \(self.dot.seq) is beyond \(Dot.maximumSeq)")
        }
        guard self.timestamp.millis <= HLCTimestamp.maximumMillis else {
            throw InputError(field: "timestamp", "\(self.timestamp.millis) ms is beyond \(HLCTimestamp.maximumMillis)")
        }
        guard self.clock.sortedEntries.allSatisfy({ $0.seq <= Dot.maximumSeq }) else {
            throw InputError(field: "clock", "a sequence number is beyond \(Dot.maximumSeq)")
        }
        guard !self.clock.covers(self.dot) else {
            throw InputError(field: "clock", "operation \(self.dot) claims to know itself")
        }
        try InputError.checkText(self.author, field: "author", maxLength: 100)
        guard !self.changes.isEmpty, self.changes.count <= 64 else {
            throw InputError(field: "changes", "an operation carries 1 to 64 changes, not \(self.changes.count)")
        }
        let appends = self.changes.filter { if case .append = $0 { true } else { false } }
        guard appends.count <= 1 else {
            throw InputError(field: "changes", "an operation appends at most one entry")
        }
    }
}
