import DocketCore
import DocketStore
import DocketTLS
import DocketTestSupport
import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import DocketSync

/// A peer listener is reported as it is: listening once bound, and down (not listening) once it stops.
@Suite struct ListenerHealthTests {
    @Test func aListenerThatStopsWhileRunningIsReportedDownAndNoLongerListening() async throws {
        let temporary = try TemporaryDirectory()
        let authority = try CertificateAuthority.create(in: temporary.url.appendingPathComponent("ca").path, name: "Docket Test CA")
        let files = try authority.issueNodeCertificate(nodeID: "hq", in: temporary.url.appendingPathComponent("tls").path)
        var configuration = SyncConfiguration(
            tls: TLSConfiguration(
                caCertificatePath: files.caCertificatePath, certificatePath: files.certificatePath,
                privateKeyPath: files.privateKeyPath))
        configuration.listenPort = 0
        let replica = try Replica.create(
            at: temporary.url.appendingPathComponent("replica.sqlite").path, node: try NodeID("hq"), officeCode: "HQ", now: 0)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let service = try SyncService(configuration: configuration, replica: replica, group: group, logger: Logger(label: "test"))

        try await service.bind()
        #expect(service.problems().isEmpty)
        #expect(await service.snapshot().listenAddress?.hasPrefix("127.0.0.1:") == true)
        guard case .bound(let server, _) = service.listener.withLockedValue({ $0 }) else {
            Issue.record("the listener is not bound")
            return
        }
        let running = Task { try await service.run() }

        // The listening socket goes away under the running service.
        try await server.channel.close()
        let deadline = ContinuousClock.now + .seconds(10)
        while service.problems().isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(service.problems().count == 1)
        #expect(service.problems().first?.hasPrefix("peer listener on 127.0.0.1:0 stopped: ") == true, "\(service.problems())")
        #expect(await service.snapshot().listenAddress == nil)
        running.cancel()
        try? await running.value
        try await group.shutdownGracefully()
    }
}
