/// Why a request to a peer through the running daemon could not be answered.
public enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    case peerNotConnected(String)
    case peerDisconnected(String)
    case timedOut

    public var description: String {
        switch self {
        case .peerNotConnected(let peer): "peer: \(peer) is not connected to this node now"
        case .peerDisconnected(let peer): "peer: \(peer) disconnected before answering"
        case .timedOut: "peer: no answer in time"
        }
    }
}
