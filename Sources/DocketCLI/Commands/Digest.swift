import ArgumentParser
import DocketCore
import DocketStore

struct DigestCommand: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the version vector and a digest of the materialized state.",
        discussion: "Two replicas that print the same vector must print the same digest; if not, run 'docket rebuild' on both."
    )

    @OptionGroup var global: GlobalOptions

    /// The `--json` output.
    struct Document: Encodable {
        /// Origin node to the highest `seq` held.
        let vector: VersionVector
        let digest: String
    }

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let vector = try replica.vector()
        let digest = try replica.stateDigest()
        if self.global.json {
            try printJSON(Document(vector: vector, digest: digest))
        } else {
            print("vector  \(vector.description.isEmpty ? "(empty)" : vector.description)")
            print("digest  \(digest)")
        }
    }
}
