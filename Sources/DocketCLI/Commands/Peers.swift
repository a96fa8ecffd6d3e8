import ArgumentParser

struct Peers: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers",
        abstract: "Each peer: its versions, connected or not, since when, last sync, lag each way, last error.")

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let report = try await Status.report(settings: try self.global.settings())
        if self.global.json {
            try printJSON(report.peers)
        } else {
            if !report.daemon.running { print("The daemon is not running; peers as configured:") }
            print(StatusText.peerTable(report.peers))
            for note in StatusText.versionNotes(report.peers, localSchema: report.schemaVersion) {
                say("\(note.label): \(note.text)")
            }
        }
    }
}
