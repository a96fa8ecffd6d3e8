import DocketWire
import NIOCore

/// Decodes one frame payload as a peer message; whatever decodes must encode and decode back to itself.
enum MessageFuzzing {
    static func run(_ bytes: [UInt8]) {
        decodeAndRoundTrip(ByteBuffer(bytes: bytes))
    }

    static func decodeAndRoundTrip(_ payload: ByteBuffer) {
        guard let message = try? PeerMessage.decode(from: payload) else { return }
        let encoded: ByteBuffer
        do {
            encoded = try message.encoded()
        } catch {
            invariantBroken("a decoded \(message.kind) message does not encode: \(error)")
        }
        guard let again = try? PeerMessage.decode(from: encoded) else {
            invariantBroken("a re-encoded \(message.kind) message does not decode")
        }
        // A refusal's reason is cut to 1000 characters when sent, so only shorter ones come back whole.
        if case .refusal(let refusal) = message, refusal.reason.count > 1000 { return }
        guard again == message else { invariantBroken("a \(message.kind) message changes in a round trip") }
    }
}
