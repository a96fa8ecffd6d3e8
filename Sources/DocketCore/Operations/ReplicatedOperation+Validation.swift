extension ReplicatedOperation {
    /// Checks what an operation from elsewhere must satisfy before it may be stored: a sane shape,
    /// fields and sets that exist for the record's kind, values of the right type, entries and remedies
    /// that pass the checks made when a person writes them, and a clock that does not claim to know the
    /// operation itself.
    ///
    /// Workflow rules are deliberately not checked here: merged changes are never rejected for them.
    /// - Throws: `InputError` naming the offending part.
    public func validate() throws {
        guard self.dot.seq > 0 else { throw InputError(field: "dot", "sequence numbers start at 1") }
        // The log stores both as SQLite's signed 64-bit integers; a larger one would trap on the way in.
        guard self.dot.seq <= UInt64(Int64.max) else { throw InputError(field: "dot", "sequence number too large") }
        guard self.timestamp.millis <= HLCTimestamp.maximumMillis else {
            throw InputError(field: "timestamp", "\(self.timestamp.millis) is beyond any storable time")
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
        let schema = RecordSchema.of(self.record.kind)
        for change in self.changes {
            try schema.validate(change)
            if case .append(let entry) = change { try entry.validate() }
        }
    }
}
