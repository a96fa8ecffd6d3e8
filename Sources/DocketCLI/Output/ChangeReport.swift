import DocketCore

/// What a local change wrote, as `--json` prints it.
struct ChangeDocument: Encodable {
    /// The confirmation line the human output prints.
    let message: String
    /// The operations written, as `node:seq`, in order.
    let operations: [String]
}

/// Prints what a local change wrote: a confirmation line, or the operations as JSON.
func report(_ message: String, operations: [ReplicatedOperation], json: Bool) throws {
    if json {
        try printJSON(ChangeDocument(message: message, operations: operations.map(\.dot.description)))
    } else {
        print(TerminalText.escaped(message))
    }
}
