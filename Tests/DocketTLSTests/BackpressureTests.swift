import DocketTLS
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A reader that stops reading must make the writer's channel unwritable, not grow buffers without bound.
@Suite struct BackpressureTests {
    @Test func stalledReaderMakesTheWriterUnwritableUntilItReadsAgain() async throws {
        let pki = try TestPKI()
        let chunk = 64 * 1024
        let limit = 256 << 20
        // The server handshakes (TLS reads for itself) but its application never asks for data.
        let listener = try await TestListener.start(context: try pki.context("node-b"), autoRead: false)
        defer { Task { await listener.stop() } }
        let connected = try await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context("node-a"),
            log: EventLog()
        )
        let channel = connected.channel
        let serverChild = try await listener.log.handshakePeer()
        #expect(serverChild.nodeID == "node-a")

        // Write like a well-behaved producer: only while the channel says it is writable.
        let payload = ByteBuffer(bytes: randomBytes(chunk))
        let writtenWhileWritable = try await channel.eventLoop.submit { () -> Int in
            var written = 0
            while channel.isWritable && written < limit {
                channel.writeAndFlush(payload, promise: nil)
                written += chunk
            }
            return written
        }.get()
        print("backpressure: \(writtenWhileWritable) bytes accepted before the channel became unwritable")
        #expect(writtenWhileWritable < limit, "the writer never saw backpressure")
        // Kernel socket buffers absorb a few MiB; everything beyond is held by NIO and makes it unwritable.
        #expect(writtenWhileWritable < 64 << 20)

        // Let the event loop try to drain: with nobody reading, it cannot.
        try await Task.sleep(for: .milliseconds(300))
        let stillUnwritable = try await channel.eventLoop.submit { !channel.isWritable }.get()
        #expect(stillUnwritable)
        let bufferedBytes = try await channel.getOption(.bufferedWritableBytes).get()
        #expect(bufferedBytes > 0)
        #expect(bufferedBytes < writtenWhileWritable + chunk * 2)
        // Not awaited: with nobody reading, our close_notify waits for the shutdown timeout.
        channel.close(promise: nil)
    }

    @Test func writerRegainsWritabilityWhenTheReaderResumes() async throws {
        let pki = try TestPKI()
        let chunk = 64 * 1024
        let total = 16 << 20
        let log = EventLog()
        let gate = ReadGate()
        let listener = try await TLSBootstrap.listen(
            host: "127.0.0.1",
            port: 0,
            context: try pki.context("node-b"),
            group: MultiThreadedEventLoopGroup.singleton
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.syncOptions?.setOption(.autoRead, value: false)
                try channel.pipeline.syncOperations.addHandler(RecordingHandler(log: log, expectedBytes: total))
                gate.set(channel)
            }
        }.get()
        defer { Task { try? await listener.close() } }
        let connected = try await dial(
            port: listener.localAddress!.port!,
            expectedPeer: "node-b",
            context: try pki.context("node-a"),
            log: EventLog()
        )
        let channel = connected.channel
        let data = randomBytes(total)

        let writabilityRegained = channel.eventLoop.makePromise(of: Void.self)
        // Added on the channel's own loop: the handler is not Sendable and never leaves it.
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(WritabilityWatcher(regained: writabilityRegained))
        }.get()
        // Queue the whole payload at once; the channel must go unwritable since nobody reads.
        let sawUnwritable = try await channel.eventLoop.submit { () -> Bool in
            for offset in stride(from: 0, to: total, by: chunk) {
                channel.write(ByteBuffer(bytes: data[offset..<offset + chunk]), promise: nil)
            }
            channel.flush()
            return !channel.isWritable
        }.get()
        #expect(sawUnwritable)

        // The reader resumes: everything arrives intact and the writer becomes writable again.
        try await gate.resume()
        let received = try await log.payloads(timeout: .seconds(30))[0]
        #expect(sha256Hex(received) == sha256Hex(data))
        try await waitFor(writabilityRegained.futureResult)
        #expect(try await channel.eventLoop.submit { channel.isWritable }.get())
        try await channel.close()
    }
}

/// Hands the server's accepted channel to the test so it can turn reading back on.
final class ReadGate: @unchecked Sendable {
    private let lock = NSLock()
    private var channel: Channel?

    func set(_ channel: Channel) {
        self.lock.withLock { self.channel = channel }
    }

    func resume() async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while self.lock.withLock({ self.channel }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let channel = self.lock.withLock({ self.channel }) else { throw WaitTimedOut(what: "server channel") }
        try await channel.setOption(.autoRead, value: true).get()
        channel.read()
    }
}

/// Completes `regained` when the channel turns writable again after having been unwritable.
final class WritabilityWatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let regained: EventLoopPromise<Void>
    private var wasUnwritable = false

    init(regained: EventLoopPromise<Void>) {
        self.regained = regained
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable {
            self.wasUnwritable = true
        } else if self.wasUnwritable {
            self.regained.succeed(())
        }
        context.fireChannelWritabilityChanged()
    }
}
