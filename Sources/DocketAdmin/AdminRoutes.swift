import Foundation
import NIOHTTP1

/// What the admin endpoint answers: `/health`, `/status`, `/metrics`, `/verify?peer=ID`.
public struct AdminRoutes: Sendable {
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var contentType: String
        public var body: Data
    }

    let status: @Sendable () async throws -> StatusReport
    let verify: @Sendable (String) async throws -> Data
    let health: @Sendable () async -> [String]

    /// - Parameters:
    ///   - status: builds the live status report.
    ///   - verify: compares this replica with the named peer's and returns the report as JSON.
    ///   - health: what keeps the daemon from being healthy (replica, sync listener, services), in words;
    ///     empty when all is well.
    public init(
        status: @escaping @Sendable () async throws -> StatusReport,
        verify: @escaping @Sendable (String) async throws -> Data,
        health: @escaping @Sendable () async -> [String] = { [] }
    ) {
        self.status = status
        self.verify = verify
        self.health = health
    }

    /// - Parameter listenerProblems: the admin server's own listeners that are not up.
    func respond(method: HTTPMethod, uri: String, listenerProblems: [String] = []) async -> Response {
        guard method == .GET else {
            return Self.error(.methodNotAllowed, "only GET is served")
        }
        let components = URLComponents(string: uri)
        do {
            switch components?.path ?? uri {
            case "/health":
                let problems = await self.health() + listenerProblems
                guard problems.isEmpty else {
                    // Non-200 so that load balancers and `curl --fail` see it; the body says why.
                    let body = problems.map { "unhealthy: \($0)\n" }.joined()
                    return Response(status: .serviceUnavailable, contentType: "text/plain; charset=utf-8", body: Data(body.utf8))
                }
                return Response(status: .ok, contentType: "text/plain; charset=utf-8", body: Data("ok\n".utf8))
            case "/status":
                var report = try await self.status()
                let problems = await self.health() + listenerProblems
                report.daemon.problems = problems.isEmpty ? nil : problems
                return Response(status: .ok, contentType: "application/json", body: try report.encoded())
            case "/metrics":
                let text = PrometheusExposition.render(try await self.status())
                return Response(status: .ok, contentType: PrometheusExposition.contentType, body: Data(text.utf8))
            case "/verify":
                guard let peer = components?.queryItems?.first(where: { $0.name == "peer" })?.value, !peer.isEmpty else {
                    return Self.error(.badRequest, "name the peer: /verify?peer=NODE_ID")
                }
                return Response(status: .ok, contentType: "application/json", body: try await self.verify(peer))
            default:
                return Self.error(.notFound, "no such endpoint; try /health, /status, /metrics or /verify?peer=ID")
            }
        } catch let error as AdminError {
            return Self.error(.badRequest, error.message)
        } catch {
            return Self.error(.internalServerError, "\(error)")
        }
    }

    static func error(_ status: HTTPResponseStatus, _ message: String) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": ["message": message]], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: status, contentType: "application/json", body: body)
    }
}

/// A request the admin endpoint cannot serve, for a reason the client can act on.
public struct AdminError: Error, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
