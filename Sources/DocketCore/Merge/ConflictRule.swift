/// Chooses the one value a conflicted field shows until a person resolves it.
///
/// The rule is deterministic, so every replica shows the same value:
/// - `status`: the least advanced step of the workflow. A conflict never makes a case look further
///   along than any office believes it is, so a case cannot drop off an open-case list by accident.
/// - every other field: the latest hybrid-logical timestamp, then the greater node id.
public enum ConflictRule {
    public static func display(field: String, values: [RegisterValue]) -> RegisterValue? {
        if field == "status" {
            let ranked = values.compactMap { value -> (CaseStatus, RegisterValue)? in
                guard let text = value.value.text, let status = CaseStatus(rawValue: text) else { return nil }
                return (status, value)
            }
            if let least = ranked.min(by: { ($0.0, $0.1.dot) < ($1.0, $1.1.dot) }) {
                return least.1
            }
        }
        return values.max { ($0.timestamp, $0.dot.node) < ($1.timestamp, $1.dot.node) }
    }
}
