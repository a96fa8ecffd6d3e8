import DocketCore
import DocketStore
import Foundation

/// The checks `certs ca` and `certs issue` make on the files they are about to write, before any key is made.
struct CertificateOutput {
    let directory: String
    let force: Bool
    /// Set for the CA's own files, which no flag replaces.
    var neverReplaced = false

    /// Refuses `-`, a directory that is a file, and (through `OutputFile`) any file that is the replica or one
    /// of its files, is not a regular file, or exists while `--force` was not given.
    ///
    /// - Parameter identical: files that may exist already when their content is exactly this (the CA copy).
    func check(_ names: [String], identical: [String: Data] = [:]) throws {
        guard self.directory != "-" else {
            throw InputError(field: "out", "certificates are written as files; name a directory, not -")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw InputError(field: "out", "\(self.directory) is a file; name a directory") }
        let protected = ProtectedFiles(dataDirectory: ProcessEnvironment["DOCKET_DATA_DIR"] ?? Settings.defaultDataDirectory)
        for name in names {
            let path = (self.directory as NSString).appendingPathComponent(name)
            if self.neverReplaced, FileManager.default.fileExists(atPath: path) {
                throw InputError(field: "out", "\(path) already exists; a CA is never replaced, so create it in another directory")
            }
            let same = identical[name].map { FileManager.default.contents(atPath: path) == $0 } ?? false
            let output = OutputFile(path: path, field: "out", force: self.force || same)
            _ = try output.destination(protecting: protected)
        }
    }
}
