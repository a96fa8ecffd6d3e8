import DocketCore
import DocketWire
import Testing

@testable import DocketSync

/// A peer that shares no protocol version with this node is refused with a reason naming both sides'
/// software and ranges, and which side to upgrade; a newer schema alone is no reason to refuse.
@Suite struct PeerVersionTests {
    let local = try! NodeID("sh-pudong")
    let peer = try! NodeID("hq")

    func machine(software: String = "docket 0.3.0", versions: ClosedRange<UInt16> = 2...2, office: String = "SH01")
        -> PeerSession.StateMachine
    {
        PeerSession.StateMachine(
            localNode: self.local, localOffice: office, certifiedPeer: self.peer, window: 2, localSoftware: software,
            localVersions: versions)
    }

    func hello(_ versions: ClosedRange<UInt16>, software: String, office: String = "HQ", schema: UInt64 = 1) -> PeerMessage {
        .hello(.init(
            minimumVersion: versions.lowerBound, maximumVersion: versions.upperBound, node: self.peer, software: software,
            office: office, schema: schema))
    }

    func refusal(_ actions: [PeerSession.StateMachine.Action]) -> PeerMessage.Refusal? {
        guard case .close(let refusal?)? = actions.first else { return nil }
        return refusal
    }

    @Test func aPeerTooOldIsToldToUpgrade() throws {
        var machine = self.machine()
        let refusal = try #require(self.refusal(machine.received(self.hello(1...1, software: "docket 0.2.0"), localVector: VersionVector())))
        #expect(refusal.code == .versionMismatch)
        #expect(refusal.reason == "no common protocol version: this node sh-pudong (docket 0.3.0) speaks 2...2, "
            + "peer hq (docket 0.2.0) speaks 1...1; upgrade hq")
        #expect(machine.state == .closed)
    }

    @Test func thisNodeTooOldSaysToUpgradeItself() throws {
        var machine = self.machine()
        let refusal = try #require(self.refusal(machine.received(self.hello(3...4, software: "docket 0.5.0"), localVector: VersionVector())))
        #expect(refusal.code == .versionMismatch)
        #expect(refusal.reason == "no common protocol version: this node sh-pudong (docket 0.3.0) speaks 2...2, "
            + "peer hq (docket 0.5.0) speaks 3...4; upgrade this node (sh-pudong)")
    }

    /// Each side reads the other's hello and reaches the same verdict: both name the older node.
    @Test func bothSidesNameTheSameNodeToUpgrade() throws {
        var older = self.machine(software: "docket 0.3.0", versions: 2...2)
        var newer = PeerSession.StateMachine(
            localNode: self.peer, certifiedPeer: self.local, window: 2, localSoftware: "docket 0.4.0", localVersions: 3...3)
        guard case .send(let olderHello)? = older.start(wallMillis: 1).first,
            case .send(let newerHello)? = newer.start(wallMillis: 1).first
        else { Issue.record("each side starts with its hello"); return }
        let atOlder = try #require(self.refusal(older.received(newerHello, localVector: VersionVector())))
        let atNewer = try #require(self.refusal(newer.received(olderHello, localVector: VersionVector())))
        #expect(atOlder.reason.hasSuffix("; upgrade this node (sh-pudong)"), "\(atOlder)")
        #expect(atNewer.reason.hasSuffix("; upgrade sh-pudong"), "\(atNewer)")
        #expect(atNewer.reason.contains("this node hq (docket 0.4.0) speaks 3...3, peer sh-pudong (docket 0.3.0) speaks 2...2"))
    }

    /// A peer that cannot speak with this node is told so first, whatever else its hello announces.
    @Test func versionsAreCheckedBeforeTheOfficeCode() throws {
        var machine = self.machine(office: "HQ")
        let refusal = try #require(self.refusal(machine.received(self.hello(1...1, software: "docket 0.2.0"), localVector: VersionVector())))
        #expect(refusal.code == .versionMismatch)
    }

    @Test func aPeerWritingANewerSchemaIsNotRefused() {
        var machine = self.machine()
        let actions = machine.received(self.hello(2...2, software: "docket 0.4.0", schema: 7), localVector: VersionVector([self.local: 3]))
        #expect(actions == [.send(.vector(VersionVector([self.local: 3])))])
        #expect(machine.version == 2)
    }

    @Test func thePeersSoftwareIsOneLineInTheReason() throws {
        var machine = self.machine()
        let hello = self.hello(1...1, software: "docket 0.2.0\nlevel=critical fake\u{1B}[2J")
        let refusal = try #require(self.refusal(machine.received(hello, localVector: VersionVector())))
        #expect(refusal.reason.contains("(docket 0.2.0?level=critical fake?[2J)"), "\(refusal.reason)")
    }

    /// The hello this node sends announces its software, range and schema.
    @Test func theHelloAnnouncesThisNodesVersions() {
        let machine = self.machine(software: "docket 9.9.9", versions: 2...5)
        guard case .send(.hello(let hello))? = machine.start(wallMillis: 42).first else {
            Issue.record("expected a hello"); return
        }
        #expect(hello.software == "docket 9.9.9")
        #expect((hello.minimumVersion, hello.maximumVersion) == (2, 5))
        #expect(hello.schema == NodeVersions.schema)
        #expect(hello.office == "SH01")
    }
}
