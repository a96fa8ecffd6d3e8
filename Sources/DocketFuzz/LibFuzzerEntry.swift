/// The target chosen once per process; libFuzzer calls the entry point millions of times.
private let chosenTarget: FuzzTarget = {
    guard let target = FuzzTarget.fromEnvironment else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("set DOCKET_FUZZ_TARGET to one of: \(names)")
    }
    return target
}()

/// libFuzzer's entry point. In a build without `-sanitize=fuzzer` nothing calls it, and the replay
/// `main` runs the same targets over corpus files instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    chosenTarget.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
