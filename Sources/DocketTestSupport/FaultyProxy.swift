import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 that can cut, delay and refuse connections, to partition test clusters.
///
/// It forwards bytes untouched (TLS runs end to end through it); its faults are at the connection
/// level, the way a flaky WAN line fails.
public final class FaultyProxy: @unchecked Sendable {
    public private(set) var port = 0
    private let targetPort: Int
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let lock = NIOLock()
    private var channels: [ObjectIdentifier: Channel] = [:]
    private var partitioned = false
    private var delay: ClosedRange<Int> = 0...0
    private var cutProbability = 0.0
    private var server: Channel?

    public init(targetPort: Int) throws {
        self.targetPort = targetPort
        let server = try ServerBootstrap(group: self.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { [weak self] inbound in
                guard let self else { return inbound.close() }
                return self.accept(inbound)
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        self.server = server
        self.port = server.localAddress?.port ?? 0
    }

    /// Cuts every connection and refuses new ones until `heal()`.
    public func partition() {
        self.lock.withLock { self.partitioned = true }
        self.cutAll()
    }

    public func heal() {
        self.lock.withLock { self.partitioned = false }
    }

    /// From now on, each chunk of bytes waits a random number of milliseconds in `range` (order is kept),
    /// and each chunk cuts its connection with probability `cut`.
    public func degrade(delay range: ClosedRange<Int>, cut: Double) {
        self.lock.withLock {
            self.delay = range
            self.cutProbability = cut
        }
    }

    public func cutAll() {
        let open = self.lock.withLock { Array(self.channels.values) }
        for channel in open { channel.close(promise: nil) }
    }

    public func shutdown() {
        self.cutAll()
        try? self.server?.close().wait()
        try? self.group.syncShutdownGracefully()
    }

    private func track(_ channel: Channel) {
        self.lock.withLock { self.channels[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.channels.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    private func accept(_ inbound: Channel) -> EventLoopFuture<Void> {
        if self.lock.withLock({ self.partitioned }) { return inbound.close() }
        self.track(inbound)
        let inboundRelay = Relay(proxy: self)
        return inbound.pipeline.addHandler(inboundRelay).flatMap {
            ClientBootstrap(group: inbound.eventLoop)
                .connect(host: "127.0.0.1", port: self.targetPort)
                .flatMap { outbound in
                    self.track(outbound)
                    let outboundRelay = Relay(proxy: self)
                    inboundRelay.partner = outbound
                    outboundRelay.partner = inbound
                    return outbound.pipeline.addHandler(outboundRelay).map {
                        inbound.read()
                    }
                }
                .flatMapError { error in
                    inbound.close(promise: nil)
                    return inbound.eventLoop.makeFailedFuture(error)
                }
        }
    }

    fileprivate func fault() -> (delay: Int, cut: Bool) {
        self.lock.withLock {
            (Int.random(in: self.delay), Double.random(in: 0..<1) < self.cutProbability)
        }
    }

    /// Forwards what one side reads to the other, keeping order across random delays.
    private final class Relay: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        weak var proxy: FaultyProxy?
        var partner: Channel?
        private var releaseAt = NIODeadline.now()

        init(proxy: FaultyProxy) {
            self.proxy = proxy
        }

        func channelActive(context: ChannelHandlerContext) {
            context.read()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = self.unwrapInboundIn(data)
            guard let partner = self.partner, let proxy = self.proxy else { return }
            let (delay, cut) = proxy.fault()
            if cut {
                context.close(promise: nil)
                partner.close(promise: nil)
                return
            }
            self.releaseAt = max(self.releaseAt, .now() + .milliseconds(Int64(delay)))
            let channel = context.channel
            context.eventLoop.scheduleTask(deadline: self.releaseAt) {
                partner.writeAndFlush(bytes).whenComplete { _ in channel.read() }
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {}

        func channelInactive(context: ChannelHandlerContext) {
            self.partner?.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
