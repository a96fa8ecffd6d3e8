import CDocketOpenSSL
import DocketTLS
import Foundation
import NIOCore
import NIOPosix

/// A Docket listener on 127.0.0.1 with a `RecordingHandler` on every connection.
struct TestListener {
    let channel: Channel
    let log: EventLog
    let port: Int

    static func start(
        context: TLSContext,
        expectedBytes: Int = 0,
        reply: [UInt8]? = nil,
        autoRead: Bool = true
    ) async throws -> TestListener {
        let log = EventLog()
        let channel = try await TLSBootstrap.listen(
            host: "127.0.0.1",
            port: 0,
            context: context,
            group: MultiThreadedEventLoopGroup.singleton
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    RecordingHandler(log: log, expectedBytes: expectedBytes, reply: reply)
                )
                if !autoRead {
                    try channel.syncOptions?.setOption(.autoRead, value: false)
                }
            }
        }.get()
        return TestListener(channel: channel, log: log, port: channel.localAddress!.port!)
    }

    func stop() async {
        try? await self.channel.close()
    }
}

/// Dials `port` expecting `expectedPeer`, with a `RecordingHandler` logging into `log`.
func dial(
    port: Int,
    expectedPeer: String,
    context: TLSContext,
    log: EventLog,
    expectedBytes: Int = 0
) async throws -> TLSPeerChannel {
    try await TLSBootstrap.dial(
        host: "127.0.0.1",
        port: port,
        expectedPeer: expectedPeer,
        context: context,
        group: MultiThreadedEventLoopGroup.singleton
    ) { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RecordingHandler(log: log, expectedBytes: expectedBytes))
        }
    }.get()
}

/// Expects `operation` to throw a `TLSError` and returns it.
func tlsError<T>(from operation: () async throws -> T) async -> TLSError? {
    do {
        _ = try await operation()
        return nil
    } catch let error as TLSError {
        return error
    } catch {
        return nil
    }
}

func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { buffer in
        var offset = 0
        while offset < count {
            var word = generator.next()
            let take = min(8, count - offset)
            withUnsafeBytes(of: &word) { buffer[offset..<offset + take].copyBytes(from: $0.prefix(take)) }
            offset += take
        }
    }
    return bytes
}

/// SHA-256 as lowercase hex, computed by libcrypto.
func sha256Hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let status = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
    precondition(status == 1)
    return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
}

/// Waits for a future with a deadline, so a stuck connection fails the test instead of hanging it.
func waitFor<T: Sendable>(_ future: EventLoopFuture<T>, timeout: Duration = .seconds(20)) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await future.get() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw WaitTimedOut(what: "a future")
        }
        let result = try await group.next()!
        group.cancelAll()
        return result
    }
}
