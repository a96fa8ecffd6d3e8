import DocketAdmin
import DocketCore
import DocketStore
import DocketSync
import DocketTLS
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The composition root of `docket serve`: opens (or creates) the replica, settles the certificates,
/// and runs every long-lived part in one `ServiceGroup` that shuts down on SIGTERM and SIGINT.
struct Daemon {
    /// Held for the daemon's lifetime: one daemon per replica.
    let lock: DaemonLock
    let replica: Replica
    let watch: ReplicaWatch
    let sync: SyncService
    let admin: AdminServer
    /// The one set of event loops for peer and admin connections, shut down after both have stopped.
    let eventLoops: MultiThreadedEventLoopGroup
    let logger: Logger
    let settings: Settings

    init(settings: Settings, nodeOverride: String?) throws {
        self.settings = settings
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "docket")
        logger.logLevel = level
        self.logger = logger

        do {
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError(field: "data-dir", "cannot create \(settings.dataDirectory): \(Init.obstacle(settings.dataDirectory))")
        }
        self.lock = try DaemonLock(dataDirectory: settings.dataDirectory)
        self.replica = try Self.openOrCreateReplica(settings: settings, nodeOverride: nodeOverride, logger: logger)
        self.watch = ReplicaWatch(path: self.replica.path, logger: logger)

        let tls = try Self.tlsConfiguration(settings: settings, node: self.replica.node, logger: logger)
        let configuration = SyncConfiguration(
            tls: tls, options: settings.sync,
            portFile: (settings.dataDirectory as NSString).appendingPathComponent("listen-port"))
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        self.eventLoops = eventLoops
        do {
            self.sync = try SyncService(configuration: configuration, replica: self.replica, group: eventLoops, logger: logger)
        } catch {
            try? eventLoops.syncShutdownGracefully()
            throw error
        }
        self.admin = AdminServer(
            configuration: AdminConfiguration(
                socketPath: settings.adminSocketPath, options: settings.admin,
                portFile: (settings.dataDirectory as NSString).appendingPathComponent("admin-port")),
            routes: Self.routes(
                replica: self.replica, sync: self.sync, watch: self.watch, targets: settings.serviceTargets,
                certificatePath: tls.certificatePath, maximumClockLeadMillis: settings.sync.maximumClockLeadMillis),
            group: eventLoops, logger: logger)
    }

    /// The admin endpoint's answers, built from the replica and the running sync service.
    static func routes(
        replica: Replica, sync: SyncService, watch: ReplicaWatch, targets: ServiceTargets, certificatePath: String,
        maximumClockLeadMillis: Int64
    ) -> AdminRoutes {
        AdminRoutes(
            status: {
                let snapshot = await sync.snapshot()
                // Status reads the database; keep that off the cooperative threads.
                return try await NIOThreadPool.singleton.runIfActive {
                    try StatusReport.make(
                        replica: replica, targets: targets, now: Date(), certificatePath: certificatePath,
                        sync: snapshot, configuredPeers: [], maximumClockLeadMillis: maximumClockLeadMillis)
                }
            },
            verify: { peer in
                do {
                    return try JSONForm.makeEncoder().encode(try await sync.verify(peer: peer))
                } catch let error as SyncError {
                    throw AdminError(error.description)
                }
            },
            health: { watch.problems() + sync.problems() })
    }

    /// Binds every configured listener, so the daemon never says it started when it cannot be reached.
    /// - Throws: `InputError` naming the setting and the reason when a listener cannot be bound.
    func bindListeners() async throws {
        do {
            try await self.sync.bind()
        } catch let error as ListenError {
            throw InputError(field: "listen.address", error.description)
        }
        do {
            try await self.admin.bind()
        } catch let error as AdminBindError {
            throw InputError(field: error.setting, error.failure.description)
        }
    }

    func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                // Started in order, stopped in reverse: the admin endpoint goes first, replication last.
                // A replica lost under the daemon stops everything, gracefully, and fails the run.
                services: [
                    .init(service: self.watch, failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: self.sync), .init(service: self.admin),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: self.logger))
        self.logger.info("docket serve started", metadata: ["replica": "\(self.replica.path)"])
        do {
            try await group.run()
        } catch {
            try? await self.eventLoops.shutdownGracefully()
            throw error
        }
        try? await self.eventLoops.shutdownGracefully()
        self.logger.info("docket serve stopped")
    }

    /// Opens the replica, creating it (and reporting so) the first time a node is served.
    static func openOrCreateReplica(settings: Settings, nodeOverride: String?, logger: Logger) throws -> Replica {
        let path = settings.databasePath
        if FileManager.default.fileExists(atPath: path) {
            let replica = try Replica.open(at: path)
            try settings.checkNode(replica.node.rawValue, configured: nodeOverride ?? settings.nodeID?.rawValue)
            if let mismatch = settings.officeMismatch(replica.officeCode) { logger.warning("\(mismatch)") }
            return replica
        }
        let node = try NodeID(nodeOverride ?? settings.nodeID?.rawValue ?? Self.nodeIDFromHostName())
        let office = settings.officeCode ?? Init.officeCode(for: node)
        let replica = try Replica.create(at: path, node: node, officeCode: office, now: currentMillis())
        logger.notice("created a new replica", metadata: ["node": "\(node)", "office": "\(office)", "path": "\(path)"])
        return replica
    }

    /// A node id for an unconfigured first start: the host name, lower-cased, reduced to the allowed characters.
    static func nodeIDFromHostName() -> String {
        let raw = ProcessInfo.processInfo.hostName.lowercased().split(separator: ".").first.map(String.init) ?? ""
        var cleaned = String(raw.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }.prefix(32))
        while cleaned.hasPrefix("-") || cleaned.first?.isNumber == true { cleaned.removeFirst() }
        return NodeID.isValid(cleaned) ? cleaned : "office"
    }

    static func tlsConfiguration(settings: Settings, node: NodeID, logger: Logger) throws -> TLSConfiguration {
        if settings.tls.files == nil {
            let directory = settings.developmentCertificateDirectory
            let development = try DevelopmentCertificates.ensure(in: directory, nodeID: node.rawValue)
            if development.wasCreated {
                logger.notice(
                    "no certificates configured: created a development CA and node certificate; peers will only be accepted once they share a real organisation CA ([tls] in the config)",
                    metadata: ["directory": "\(directory)"])
            } else {
                logger.info("using development certificates", metadata: ["directory": "\(directory)"])
            }
        }
        guard let configuration = settings.tlsConfiguration(node: node.rawValue) else {
            throw InputError(field: "tls", "no certificate for \(node) in \(settings.developmentCertificateDirectory)")
        }
        return configuration
    }
}
