import DocketSync
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The local admin endpoint of `docket serve`: HTTP/1.1 over a Unix socket and, optionally, loopback TCP.
///
/// HTTP parsing is NIOHTTP1's; this type only routes. Each connection is served in its own child task,
/// so a misbehaving client costs its own connection.
public final class AdminServer: Service, Sendable {
    typealias Connection = NIOAsyncChannel<NIOHTTPServerRequestFull, HTTPServerResponsePart>
    typealias Server = NIOAsyncChannel<Connection, Never>

    /// One configured listener: the setting that asks for it, its address, and what became of it.
    struct Listener: Sendable {
        enum State: Sendable {
            case unbound
            case bound(Server)
            case serving
            case stopped(reason: String)
        }

        let setting: String
        let address: String
        var state: State = .unbound
    }

    private let configuration: AdminConfiguration
    private let routes: AdminRoutes
    let logger: Logger
    private let group: any EventLoopGroup
    let listeners: NIOLockedValueBox<[Listener]>

    /// - Parameters:
    ///   - group: The event loops for admin connections; the caller owns it and shuts it down after `run()`.
    public init(configuration: AdminConfiguration, routes: AdminRoutes, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.routes = routes
        self.group = group
        self.logger = logger
        var listeners = [Listener(setting: "admin socket", address: configuration.socketPath)]
        if let host = configuration.host {
            listeners.append(Listener(setting: "admin.address", address: "\(host):\(configuration.port)"))
        }
        self.listeners = NIOLockedValueBox(listeners)
    }

    /// Binds every configured listener, so that a daemon which cannot serve its admin endpoint fails before
    /// it says it started.
    /// - Throws: `InputError`-style `AdminBindError` naming the setting, the address and the reason.
    public func bind() async throws {
        for index in self.listeners.withLockedValue({ $0.indices }) {
            let listener = self.listeners.withLockedValue { $0[index] }
            guard case .unbound = listener.state else { continue }
            do {
                let server = try await self.bind(listener)
                self.listeners.withLockedValue { $0[index].state = .bound(server) }
                self.announce(server, label: listener.address)
            } catch {
                let failure = ListenError(address: listener.address, error: error)
                self.listeners.withLockedValue { $0[index].state = .stopped(reason: failure.reason) }
                throw AdminBindError(setting: listener.setting, failure: failure)
            }
        }
    }

    private func bind(_ listener: Listener) async throws -> Server {
        let bootstrap = ServerBootstrap(group: self.group).serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        if listener.setting == "admin socket" {
            return try await bootstrap.bind(unixDomainSocketPath: listener.address, cleanupExistingSocketFile: true) {
                Self.configure($0)
            }
        }
        let (host, port) = (self.configuration.host ?? "127.0.0.1", self.configuration.port)
        return try await bootstrap.bind(host: host, port: port) { Self.configure($0) }
    }

    private func announce(_ server: Server, label: String) {
        var address = label
        if let port = server.channel.localAddress?.port {
            address = "\(self.configuration.host ?? ""):\(port)"
            if let portFile = self.configuration.portFile {
                try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            }
        }
        self.logger.info("admin endpoint listening", metadata: ["address": "\(address)"])
    }

    /// Listeners that are not up, in words for `/health`; empty when all is well.
    public func problems() -> [String] {
        self.listeners.withLockedValue { $0 }.compactMap { listener in
            switch listener.state {
            case .bound, .serving: return nil
            case .unbound: return "\(listener.setting) \(listener.address) is not started"
            case .stopped(let reason): return "\(listener.setting) \(listener.address) stopped: \(reason)"
            }
        }
    }

    public func run() async throws {
        do {
            try await self.bind()
        } catch {
            self.logger.error("admin endpoint stopped", metadata: ["error": "\(error)"])
        }
        await withDiscardingTaskGroup { group in
            for index in self.listeners.withLockedValue({ $0.indices }) {
                group.addTask { await self.serve(index) }
            }
            await withGracefulShutdownHandler {
                try? await gracefulShutdown()
            } onGracefulShutdown: {}
            group.cancelAll()
        }
        try? FileManager.default.removeItem(atPath: self.configuration.socketPath)
    }

    private static func configure(_ channel: any Channel) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(NIOHTTPServerRequestAggregator(maxContentLength: 64 * 1024))
            return try Connection(wrappingChannelSynchronously: channel)
        }
    }

    /// Serves one bound listener until cancelled; one that stops for any other reason is recorded.
    private func serve(_ index: Int) async {
        let listener = self.listeners.withLockedValue { $0[index] }
        guard case .bound(let server) = listener.state else { return }
        self.listeners.withLockedValue { $0[index].state = .serving }
        var reason = "the listening socket closed"
        do {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.handle(connection) }
                    }
                }
            }
        } catch {
            reason = "\(error)"
        }
        guard !Task.isCancelled else { return }
        self.listeners.withLockedValue { $0[index].state = .stopped(reason: reason) }
        self.logger.error("admin endpoint stopped", metadata: ["address": "\(listener.address)", "error": "\(reason)"])
    }

    private func handle(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await request in inbound {
                    let response = await self.routes.respond(
                        method: request.head.method, uri: request.head.uri, listenerProblems: self.problems())
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: response.contentType)
                    headers.add(name: "Content-Length", value: String(response.body.count))
                    headers.add(name: "Connection", value: "close")
                    try await outbound.write(.head(HTTPResponseHead(version: request.head.version, status: response.status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                    try await outbound.write(.end(nil))
                    // One request per connection keeps the endpoint simple; clients reconnect cheaply on loopback.
                    return
                }
            }
        } catch {
            self.logger.debug("admin connection ended", metadata: ["error": "\(error)"])
        }
    }
}

/// An admin listener that could not be bound at start-up, named by the setting that asks for it.
public struct AdminBindError: Error, Sendable, CustomStringConvertible {
    public let setting: String
    public let failure: ListenError

    public var description: String { "\(self.setting): \(self.failure)" }
}
