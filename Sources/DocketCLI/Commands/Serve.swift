import ArgumentParser
import DocketCore
#if canImport(Glibc)
import Glibc
#endif

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
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
        Self.limitMallocArenas()
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

extension Serve {
    /// glibc gives each thread that allocates its own arena, up to eight per core, and each keeps what it
    /// freed: a catch-up's peak held twice the heap it needed across the daemon's dozen threads. Two arenas
    /// cost nothing measurable in apply rate.
    static func limitMallocArenas() {
        #if canImport(Glibc)
        // `mallopt` is declared in malloc.h, which the Glibc module leaves out; -8 is its M_ARENA_MAX.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, 2)
        #endif
    }
}
