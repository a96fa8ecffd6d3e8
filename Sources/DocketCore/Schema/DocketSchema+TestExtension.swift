extension DocketSchema {
    /// Schema 2 as only tests know it: schema 1 plus a case field (`root_cause`), a channel word
    /// (`wechat`) and an entry kind (`escalation`). It stands in for a newer Docket, so tests can run
    /// offices that know more than others side by side and then upgrade one; no release writes it.
    /// A process takes it on through `DOCKET_TEST_SCHEMA=2` (`DocketSchema.running`, in DocketStore).
    public static let testExtension = DocketSchema(
        version: 2,
        caseRecord: RecordSchema.case
            .adding(
                RecordSchema.Field(name: "root_cause", kind: .text(maxLength: 2000), isFixed: false, isOptional: true))
            .adding(words: ["wechat"], to: "channel"),
        customerRecord: .customer,
        entryShapes: ["escalation": EntryShape([.init("to", maxLength: 100), .init("reason", maxLength: 1000)])],
        earlier: [.current]
    )
}
