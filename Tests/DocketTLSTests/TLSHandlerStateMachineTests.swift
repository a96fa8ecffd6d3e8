import NIOCore
import Testing

@testable import DocketTLS

@Suite struct TLSHandlerStateMachineTests {
    typealias Machine = TLSHandler.StateMachine

    private func activeMachine() -> Machine {
        var machine = Machine()
        _ = machine.channelActive()
        _ = machine.handshakeSucceeded()
        return machine
    }

    @Test func handshakeStartsOnActiveAndBuffersWritesUntilDone() {
        var machine = Machine()
        #expect(machine.write() == .bufferWrite)
        #expect(machine.channelActive() == .startHandshake)
        #expect(machine.write() == .bufferWrite)
        #expect(machine.handshakeSucceeded() == .announcePeerAndFlushBufferedWrites)
        #expect(machine.write() == .encryptWrite)
    }

    @Test func handshakeTimerClosesOnlyAnUnfinishedHandshake() {
        var pending = Machine()
        _ = pending.channelActive()
        guard case .failAndClose(let error) = pending.handshakeTimerFired(after: .seconds(10)) else {
            Issue.record("expected failAndClose")
            return
        }
        #expect(error.code == .handshakeTimeout)
        #expect(pending.state == .closed)

        var done = self.activeMachine()
        #expect(done.handshakeTimerFired(after: .seconds(10)) == .none)
        #expect(done.state == .active)
    }

    @Test func closeSendsCloseNotifyAndWaitsForThePeers() {
        var machine = self.activeMachine()
        #expect(machine.closeRequested() == .sendCloseNotify)
        #expect(machine.state == .closing)
        #expect(machine.write() == .rejectWrite)
        // A second close while waiting changes nothing.
        #expect(machine.closeRequested() == .none)
        #expect(machine.peerSentCloseNotify() == .close)
        #expect(machine.state == .closed)
    }

    @Test func peerCloseNotifyIsAnsweredBeforeClosing() {
        var machine = self.activeMachine()
        #expect(machine.peerSentCloseNotify() == .sendCloseNotifyAndClose)
        #expect(machine.state == .closed)
    }

    @Test func shutdownTimerClosesWhenThePeerNeverAnswers() {
        var machine = self.activeMachine()
        _ = machine.closeRequested()
        #expect(machine.shutdownTimerFired() == .close)
        #expect(machine.shutdownTimerFired() == .none)
    }

    @Test func closeBeforeHandshakeClosesWithoutCloseNotify() {
        var machine = Machine()
        _ = machine.channelActive()
        #expect(machine.closeRequested() == .close)
    }

    @Test func droppedTCPIsReportedByState() {
        var handshaking = Machine()
        _ = handshaking.channelActive()
        guard case .fail(let during) = handshaking.channelInactive() else {
            Issue.record("expected fail")
            return
        }
        #expect(during.code == .closedDuringHandshake)

        var active = self.activeMachine()
        guard case .fail(let after) = active.channelInactive() else {
            Issue.record("expected fail")
            return
        }
        #expect(after.code == .uncleanShutdown)

        var closing = self.activeMachine()
        _ = closing.closeRequested()
        #expect(closing.channelInactive() == .none)
    }

    @Test func failuresCloseOnceAndAreQuietWhileClosing() {
        let error = TLSError(.readFailed, reason: "bad record mac")
        var active = self.activeMachine()
        #expect(active.connectionFailed(error) == .failAndClose(error))
        #expect(active.connectionFailed(error) == .none)

        var closing = self.activeMachine()
        _ = closing.closeRequested()
        #expect(closing.connectionFailed(error) == .close)
    }
}
