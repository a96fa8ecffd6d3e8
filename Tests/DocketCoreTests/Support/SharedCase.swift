import DocketCore

/// Offices that start from one shared case opened at the first office and then work apart.
struct SharedCase {
    var offices: [ReplicaState]
    let ref: RecordRef

    /// Opens a case at `sh-pudong` at 09:00 and delivers it to every other office.
    init(officeCount: Int = 2, level: Level = .l3) {
        var offices = Fixtures.offices.prefix(officeCount).map { ReplicaState(node: $0) }
        let ref = RecordRef.created(by: offices[0].nextDot, kind: .case)
        offices[0].write(Fixtures.openChanges(level: level), to: ref, author: "李娜", now: UInt64(Fixtures.morning))
        for index in offices.indices.dropFirst() { offices[index].receiveAll(from: offices[0]) }
        self.offices = offices
        self.ref = ref
    }

    func view(at office: Int) -> CaseView { CaseView(self.offices[office].records[self.ref]!) }
    func state(at office: Int) -> RecordState { self.offices[office].records[self.ref]! }

    /// Writes at `office` at `minutes` past 09:00 on that office's wall clock.
    @discardableResult
    mutating func write(at office: Int, minutes: Int64, author: String = "王磊", _ changes: [Change])
        -> ReplicatedOperation
    {
        self.offices[office].write(
            changes, to: self.ref, author: author, now: UInt64(Fixtures.morning + minutes * 60_000))
    }

    /// Every office receives everything.
    mutating func syncAll() {
        for _ in 0..<2 {
            for target in self.offices.indices {
                for source in self.offices.indices where source != target {
                    self.offices[target].receiveAll(from: self.offices[source])
                }
            }
        }
    }
}
