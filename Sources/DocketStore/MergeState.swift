import DocketCore

/// What the merge-state tables hold for one record: its `RecordState` less the entries.
///
/// Entries live in `entries`, each stored as it arrives; the merge never reads earlier ones back, and
/// decoding them was most of the cost of loading a busy case. A type of its own says so, where a
/// `RecordState` with an empty entry set would not.
struct MergeState: Equatable {
    let ref: RecordRef
    let clock: VectorClock
    let registers: [String: MultiValueRegister]
    let sets: [String: ObservedRemoveSet]

    init(ref: RecordRef, clock: VectorClock, registers: [String: MultiValueRegister], sets: [String: ObservedRemoveSet]) {
        self.ref = ref
        self.clock = clock
        self.registers = registers
        self.sets = sets
    }

    /// The merge state of `state`, leaving out its entries.
    init(of state: RecordState) {
        self.init(ref: state.ref, clock: state.clock, registers: state.registers, sets: state.sets)
    }

    /// The record's state with these entries.
    func recordState(entries: [Dot: EntryRecord]) -> RecordState {
        RecordState(ref: self.ref, clock: self.clock, registers: self.registers, sets: self.sets, entries: entries)
    }
}
