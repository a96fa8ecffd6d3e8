import DocketCore
import GRDB

extension Replica {
    /// The case with this id or human reference, or `nil` when there is none.
    /// - Throws: `InputError` when the reference names more than one case.
    public func caseViewIfPresent(_ key: String) throws -> CaseView? {
        try self.database.read { db in
            guard let id = try Self.caseID(matching: key, in: db) else { return nil }
            return try RecordStateStore.load(RecordRef(kind: .case, id: id), in: db).map(CaseView.init)
        }
    }

    /// The id of the case a person means by `key`: its id, or its reference typed in any letter case or
    /// width (`sh01-000001`, `ＳＨ０１-000001`).
    ///
    /// A reference held by two cases (two offices set up with one code) is never settled by picking one.
    /// - Returns: `nil` when no case matches.
    /// - Throws: `InputError` listing the cases when the reference is ambiguous.
    static func caseID(matching key: String, in db: Database) throws -> String? {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM cases WHERE id = ?", arguments: [key]) == true { return key }
        let reference = TypedText.normalizedReference(key)
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, origin_office FROM cases WHERE ref IN (?, ?) ORDER BY id", arguments: [key, reference])
        guard rows.count > 1 else { return rows.first?["id"] }
        let cases = rows.map { row -> String in
            let office: String? = row["origin_office"]
            return "\(row["id"] as String) (office \(office ?? "?"))"
        }
        throw InputError(
            field: "case",
            "'\(key)' names \(rows.count) cases: \(cases.joined(separator: ", ")); give the case id instead")
    }

    /// The error for a case key that matches nothing, suggesting references with the same number.
    static func caseNotFound(_ key: String, in db: Database) throws -> any Error {
        let reference = TypedText.normalizedReference(key)
        guard let number = reference.split(separator: "-").last, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return StoreError.notFound(kind: .case, key: key) }
        let similar = try String.fetchAll(
            db, sql: "SELECT DISTINCT ref FROM cases WHERE ref LIKE ? ORDER BY ref LIMIT 3",
            arguments: ["%-" + String(repeating: "0", count: max(0, 6 - number.count)) + number])
        guard !similar.isEmpty else { return StoreError.notFound(kind: .case, key: key) }
        return InputError(field: "case", "no case '\(key)'; did you mean \(similar.joined(separator: " or "))?")
    }
}
