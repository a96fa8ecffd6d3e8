/// Per-level response and resolution targets, in seconds.
///
/// Defaults follow the service documents: L1 30 min / 24 h, L3 2 h / 72 h. L2 sits between (1 h / 48 h).
/// L4, a major complaint, is the most urgent to answer (10 min, the "urgent matters" rule) and gets
/// 48 h to resolve, because major complaints usually need investigation across departments.
public struct ServiceTargets: Hashable, Sendable {
    public struct Target: Hashable, Sendable {
        public var respondSeconds: Int64
        public var resolveSeconds: Int64

        public init(respondSeconds: Int64, resolveSeconds: Int64) {
            self.respondSeconds = respondSeconds
            self.resolveSeconds = resolveSeconds
        }
    }

    public var targets: [Level: Target]

    public init(targets: [Level: Target] = ServiceTargets.defaultTargets) {
        self.targets = targets
    }

    public subscript(level: Level) -> Target {
        get { self.targets[level] ?? Self.defaultTargets[level]! }
        set { self.targets[level] = newValue }
    }

    public static let defaultTargets: [Level: Target] = [
        .l1: Target(respondSeconds: 30 * 60, resolveSeconds: 24 * 3600),
        .l2: Target(respondSeconds: 60 * 60, resolveSeconds: 48 * 3600),
        .l3: Target(respondSeconds: 2 * 3600, resolveSeconds: 72 * 3600),
        .l4: Target(respondSeconds: 10 * 60, resolveSeconds: 48 * 3600),
    ]
}
