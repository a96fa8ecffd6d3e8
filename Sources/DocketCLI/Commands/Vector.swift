import ArgumentParser
import Foundation

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
        } else if vector.isEmpty {
            // Said on standard error, so `--since "$(docket vector)"` still reads an empty vector.
            FileHandle.standardError.write(Data("the vector is empty: this replica holds no operations yet\n".utf8))
        } else {
            print(vector.description)
        }
    }
}
