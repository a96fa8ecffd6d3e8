/// Why a peer's bytes were not accepted. Each is a reason to refuse and close that one connection.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A frame announced more bytes than the configured limit.
        case frameTooLarge = "frame_too_large"
        /// A frame's contents did not decode as a message of this protocol.
        case malformed
        /// A message arrived where the protocol does not allow it.
        case unexpected
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(self.code.rawValue): \(self.detail)" }
}
