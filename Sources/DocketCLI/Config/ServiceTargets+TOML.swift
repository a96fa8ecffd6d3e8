import DocketCore

extension ServiceTargets {
    /// Reads `[service_targets]`, whose tables `L1` … `L4` each give `respond` and `resolve` durations.
    mutating func read(_ table: inout ConfigTable) throws {
        for level in Level.allCases {
            guard var target = try table.table(level.rawValue) else { continue }
            if let respond = try target.duration("respond") { self[level].respondSeconds = respond }
            if let resolve = try target.duration("resolve") { self[level].resolveSeconds = resolve }
            try target.rejectUnknownKeys()
        }
        try table.rejectUnknownKeys()
    }
}
