import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The local admin endpoint of `docket serve`: HTTP/1.1 over a Unix socket and, optionally, loopback TCP.
///
/// HTTP parsing is NIOHTTP1's; this type only routes. Each connection is served in its own child task,
/// so a misbehaving client costs its own connection.
public final class AdminServer: Service, Sendable {
    private let configuration: AdminConfiguration
    private let routes: AdminRoutes
    private let logger: Logger
    private let group: any EventLoopGroup

    /// - Parameters:
    ///   - group: The event loops for admin connections; the caller owns it and shuts it down after `run()`.
    public init(configuration: AdminConfiguration, routes: AdminRoutes, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.routes = routes
        self.group = group
        self.logger = logger
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.serve(label: self.configuration.socketPath) { bootstrap in
                    try await bootstrap.bind(unixDomainSocketPath: self.configuration.socketPath, cleanupExistingSocketFile: true) {
                        Self.configure($0)
                    }
                }
                try? FileManager.default.removeItem(atPath: self.configuration.socketPath)
            }
            if let host = self.configuration.host {
                group.addTask {
                    await self.serve(label: "\(host):\(self.configuration.port)") { bootstrap in
                        try await bootstrap.bind(host: host, port: self.configuration.port) { Self.configure($0) }
                    }
                }
            }
            await withGracefulShutdownHandler {
                try? await gracefulShutdown()
            } onGracefulShutdown: {}
            group.cancelAll()
        }
    }

    private typealias Connection = NIOAsyncChannel<NIOHTTPServerRequestFull, HTTPServerResponsePart>

    private static func configure(_ channel: any Channel) -> EventLoopFuture<Connection> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(NIOHTTPServerRequestAggregator(maxContentLength: 64 * 1024))
            return try Connection(wrappingChannelSynchronously: channel)
        }
    }

    private func serve(
        label: String,
        bind: (ServerBootstrap) async throws -> NIOAsyncChannel<Connection, Never>
    ) async {
        do {
            let server = try await bind(
                ServerBootstrap(group: self.group).serverChannelOption(.socketOption(.so_reuseaddr), value: 1))
            var address = label
            if let port = server.channel.localAddress?.port {
                address = "\(self.configuration.host ?? ""):\(port)"
                if let portFile = self.configuration.portFile {
                    try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
                }
            }
            self.logger.info("admin endpoint listening", metadata: ["address": "\(address)"])
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.handle(connection) }
                    }
                }
            }
        } catch is CancellationError {
        } catch {
            self.logger.error("admin endpoint stopped", metadata: ["address": "\(label)", "error": "\(error)"])
        }
    }

    private func handle(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await request in inbound {
                    let response = await self.routes.respond(method: request.head.method, uri: request.head.uri)
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
