import ArgumentParser
import Foundation

struct Rebuild: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Derive every materialized table again from the operation log and compare with what was there."
    )

    @OptionGroup var global: GlobalOptions

    /// The `--json` output.
    struct Document: Encodable {
        let operations: Int
        let identical: Bool
        let digestBefore: String
        let digestAfter: String

        enum CodingKeys: String, CodingKey {
            case operations, identical
            case digestBefore = "digest_before"
            case digestAfter = "digest_after"
        }
    }

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let showProgress = !self.global.json
        let report = try replica.rebuild { replayed in
            if showProgress && replayed > 0 && replayed % 100_000 == 0 {
                FileHandle.standardError.write(Data("rebuild: \(replayed) operations replayed\n".utf8))
            }
        }
        if self.global.json {
            try printJSON(
                Document(
                    operations: report.operations, identical: report.isIdentical,
                    digestBefore: report.digestBefore, digestAfter: report.digestAfter))
        } else {
            print("Replayed \(report.operations) operations; state digest \(report.digestAfter)")
            if report.isIdentical {
                print("The rebuilt state is identical to the live state.")
            } else if report.digestBefore == report.digestAfter {
                print("register_values held other rows than the log gives; the rebuilt rows are now in place.")
            } else {
                print("The rebuilt state differs from what was there before (digest was \(report.digestBefore)); the rebuilt state is now in place.")
            }
        }
    }
}
