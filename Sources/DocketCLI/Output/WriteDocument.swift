import DocketCore

/// One write to a register, as shown in conflicts and histories.
struct WriteDocument: Encodable {
    let operation: String
    let value: FieldValue
    let author: String
    let at: String

    init(_ write: RegisterValue) {
        self.operation = write.dot.description
        self.value = write.value
        self.author = write.author
        self.at = TimeText.iso8601(write.timestamp)
    }
}
