import ArgumentParser
import DocketCore

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the replication daemon: listen for peers, dial configured peers, and keep replicas in step.",
        discussion: """
            With no config at all it starts a usable single-office node: it creates the replica and development
            certificates under the data directory and listens on 127.0.0.1:7420. SIGTERM or SIGINT stops it
            gracefully: the batch in flight is finished, peers are told, and it exits 0.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Node id for a new replica (default: node.id from the config, else from the host name).")
    var node: String?

    @Option(name: .customLong("listen"), help: "host:port to accept peers on (default: listen.address, else 127.0.0.1:7420).")
    var listenAddress: String?

    func run() async throws {
        let daemon: Daemon
        do {
            var settings = try self.global.settings()
            if let listenAddress = self.listenAddress {
                (settings.sync.listenHost, settings.sync.listenPort) = try NetworkAddress.parse(listenAddress, key: "listen")
            }
            daemon = try Daemon(settings: settings, nodeOverride: self.node)
            try await daemon.bindListeners()
        } catch {
            // Bad config, certificates, a daemon already running or an address that cannot be listened on
            // stop start-up with one line naming the problem.
            failure(error)
        }
        do {
            try await daemon.run()
        } catch {
            // The daemon stopped itself (its replica was lost): the log says why, and so does the exit.
            failure(error)
        }
    }
}
