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
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else {
        chosenTarget.run([])
        return 0
    }
    chosenTarget.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}

#if DOCKET_LIBFUZZER
/// Runs libFuzzer with the given command line, calling `callback` for each input.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif
