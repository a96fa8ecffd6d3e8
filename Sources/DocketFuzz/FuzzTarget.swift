import Foundation

/// The fuzz targets: each takes arbitrary bytes and must return without trapping, whatever they hold.
///
/// A decoder may refuse the bytes (that is its job); a trap, a hang or an invariant broken on the way
/// is a bug. One binary holds all five, so one fuzzer build serves them all.
enum FuzzTarget: String, CaseIterable {
    /// The frame decoder, fed the bytes in chunks as a socket would.
    case frame
    /// `PeerMessage.decode(from:)`, and a round trip of whatever decodes.
    case message
    /// `OperationFile.decode`, on the bytes as a file and on the bytes as operation lines in a sealed file.
    case opfile
    /// Decoding a file or an `operations` message, then applying it to a replica and writing locally.
    case apply
    /// An operation's changes read by the strict reader and by Foundation's decoder: the same, wherever
    /// the strict reader reads them.
    case changes

    func run(_ bytes: [UInt8]) {
        switch self {
        case .frame: FrameFuzzing.run(bytes)
        case .message: MessageFuzzing.run(bytes)
        case .opfile: OperationFileFuzzing.run(bytes)
        case .apply: ApplyFuzzing.run(bytes)
        case .changes: ChangesFuzzing.run(bytes)
        }
    }

    /// The target named by `DOCKET_FUZZ_TARGET`, the only way to choose one under libFuzzer, whose
    /// command line takes only flags and corpus directories.
    static var fromEnvironment: FuzzTarget? {
        ProcessInfo.processInfo.environment["DOCKET_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))
    }
}

/// Stops the run with a message libFuzzer records next to the crashing input.
func invariantBroken(_ what: String) -> Never {
    fatalError("fuzz invariant broken: \(what)")
}
