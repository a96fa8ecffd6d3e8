import DocketTLS
import Foundation
import NIOCore

/// What test handlers saw, in order.
enum TestEvent {
    case handshake(PeerIdentity)
    case error(Error)
    case payload([UInt8])
    case inactive
}

struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(self.what)" }
}

/// A thread-safe list of events that tests wait on by polling, always with a deadline.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [TestEvent] = []

    func append(_ event: TestEvent) {
        self.lock.withLock { self.events.append(event) }
    }

    var snapshot: [TestEvent] {
        self.lock.withLock { self.events }
    }

    /// The first event `match` accepts, waiting up to `timeout`.
    func wait<T>(_ what: String, timeout: Duration = .seconds(20), _ match: (TestEvent) -> T?) async throws -> T {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let found = self.snapshot.lazy.compactMap(match).first {
                return found
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw WaitTimedOut(what: what)
    }

    func firstTLSError(timeout: Duration = .seconds(20)) async throws -> TLSError {
        try await self.wait("a TLSError", timeout: timeout) { event in
            if case .error(let error as TLSError) = event { return error }
            return nil
        }
    }

    func handshakePeer(timeout: Duration = .seconds(20)) async throws -> PeerIdentity {
        try await self.wait("a handshake", timeout: timeout) { event in
            if case .handshake(let peer) = event { return peer }
            return nil
        }
    }

    func payloads(timeout: Duration = .seconds(20), count: Int = 1) async throws -> [[UInt8]] {
        try await self.wait("\(count) payload(s)", timeout: timeout) { _ in
            let payloads = self.snapshot.compactMap { event -> [UInt8]? in
                if case .payload(let bytes) = event { return bytes }
                return nil
            }
            return payloads.count >= count ? payloads : nil
        }
    }

    var tlsErrors: [TLSError] {
        self.snapshot.compactMap { event in
            if case .error(let error as TLSError) = event { return error }
            return nil
        }
    }
}

/// Records handshakes, errors and received bytes; once `expectedBytes` have arrived it records them as a
/// payload, sends `reply` (if any) and closes.
final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let log: EventLog
    private let expectedBytes: Int
    private let reply: [UInt8]?
    private var received: [UInt8] = []
    private var isDone = false

    init(log: EventLog, expectedBytes: Int = 0, reply: [UInt8]? = nil) {
        self.log = log
        self.expectedBytes = expectedBytes
        self.reply = reply
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompletedEvent {
            self.log.append(.handshake(completed.peer))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        self.received.append(contentsOf: buffer.readableBytesView)
        // Passed on so in-memory tests can also read it with readInbound.
        context.fireChannelRead(data)
        guard !self.isDone, self.expectedBytes > 0, self.received.count >= self.expectedBytes else { return }
        self.isDone = true
        self.log.append(.payload(self.received))
        if let reply = self.reply {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(bytes: reply))).whenComplete { _ in
                loopBound.value.close(promise: nil)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        self.log.append(.error(error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.log.append(.inactive)
        context.fireChannelInactive()
    }
}
