import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Asks the local daemon's admin endpoint over its Unix socket; used by `docket status` and friends.
public enum AdminClient {
    public struct Reply: Sendable {
        public let status: Int
        public let body: Data
    }

    /// GETs `path` from the daemon listening on `socketPath`.
    /// - Throws: when no daemon answers (not running, or the socket is stale).
    public static func get(_ path: String, socketPath: String, timeout: TimeAmount = .seconds(30)) async throws -> Reply {
        guard FileManager.default.fileExists(atPath: socketPath) else {
            throw AdminError("no admin socket at \(socketPath)")
        }
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(unixDomainSocketPath: socketPath) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPClientResponseAggregator(maxContentLength: 64 << 20))
                    return try NIOAsyncChannel<NIOHTTPClientResponseFull, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await connection.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "localhost")
            try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)))
            try await outbound.write(.end(nil))
            for try await response in inbound {
                let body = response.body.map { Data($0.readableBytesView) } ?? Data()
                return Reply(status: Int(response.head.status.code), body: body)
            }
            throw AdminError("the daemon closed the connection without answering")
        }
    }
}
