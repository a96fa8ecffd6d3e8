import Foundation

/// Under libFuzzer (`-DDOCKET_LIBFUZZER`), `main` hands the command line to libFuzzer's driver: SwiftPM
/// links every executable's entry point under the module's name, so libFuzzer's own `main` cannot be used.
/// Without libFuzzer, the same targets run over files: `docket-fuzz TARGET PATH...` replays each file (or
/// every file under a directory) once, so CI can check the corpus in a plain debug build;
/// `docket-fuzz seeds DIRECTORY` writes the starting corpus of every target.
@main
enum ReplayMain {
    static func main() {
        #if DOCKET_LIBFUZZER
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        // A closure, not `fuzz` itself: compiled file by file (a debug build), a file that passes an
        // `@_cdecl` function as a C pointer defines its symbol again, and the link fails on two definitions.
        exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) })
        #else
        replay()
        #endif
    }

    static func replay() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first else { fail("target", "name one of \(targetNames), or 'seeds'") }
        if first == "seeds" {
            guard arguments.count == 2 else { fail("seeds", "give one directory to write the corpus into") }
            do {
                try Seeds.write(into: URL(fileURLWithPath: arguments[1]))
            } catch {
                fail("seeds", "\(error)")
            }
            return
        }
        guard let target = FuzzTarget(rawValue: first) else { fail("target", "'\(first)' is not one of \(targetNames)") }
        let files = arguments.dropFirst().flatMap(Self.files(under:))
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { fail("path", "\(file) cannot be read") }
            target.run(Array(data))
        }
        print("\(target.rawValue): replayed \(files.count) inputs without a crash")
    }

    static var targetNames: String { FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The path itself when it is a file, else the files under it, in a stable order.
    static func files(under path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            fail("path", "\(path) does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { "\(path)/\($0)" }.filter {
            FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    static func fail(_ field: String, _ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(field): \(message)\n".utf8))
        exit(2)
    }
}
