/// How a node's version vector receives an operation.
public enum Admission: Equatable, Sendable {
    /// The next operation from its origin: apply it.
    case next
    /// Already held: a harmless duplicate.
    case duplicate
    /// Operations from its origin are missing before it: refuse it.
    case gap(expected: UInt64)
}

extension VectorClock {
    /// Decides, as a version vector, whether `dot` may be applied now.
    public func admission(of dot: Dot) -> Admission {
        let held = self[dot.node]
        if dot.seq <= held { return .duplicate }
        if dot.seq == held + 1 { return .next }
        return .gap(expected: held + 1)
    }
}
