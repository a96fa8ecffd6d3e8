import Foundation
import NIOCore

/// A listener that could not be bound or that stopped, with the reason in words an admin can act on.
public struct ListenError: Error, Sendable, CustomStringConvertible {
    /// The address as configured: `host:port`, or a socket path.
    public let address: String
    public let reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    /// Wraps a bind or accept failure from NIO.
    public init(address: String, error: any Error) {
        self.init(address: address, reason: Self.reason(for: error))
    }

    public var description: String { "cannot listen on \(self.address): \(self.reason)" }

    /// The usual causes spelled out; anything else as NIO describes it.
    static func reason(for error: any Error) -> String {
        switch error {
        case let error as IOError:
            switch error.errnoCode {
            case EADDRINUSE: return "the address is already in use (another program, or another docket serve)"
            case EADDRNOTAVAIL: return "the address is not one of this machine's"
            case EACCES: return "permission denied (ports below 1024 need privileges)"
            default: return String(cString: strerror(error.errnoCode))
            }
        case let error as SocketAddressError.UnknownHost:
            return "the host '\(error.host)' cannot be resolved"
        case SocketAddressError.unixDomainSocketPathTooLong:
            return "the socket path is too long"
        default:
            return "\(error)"
        }
    }
}
