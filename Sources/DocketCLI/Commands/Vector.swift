import ArgumentParser

struct VectorCommand: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector",
        abstract: "Print this replica's version vector (what it holds), for another office's 'export --since'."
    )

    @OptionGroup var global: GlobalOptions

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let vector = try replica.vector()
        if self.global.json {
            try printJSON(vector)
        } else {
            print(vector.description)
        }
    }
}
