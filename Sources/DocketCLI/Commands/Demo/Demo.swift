import ArgumentParser
import DocketCore
import Foundation

struct Demo: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show Docket at work: three offices on this machine replicate live, one is cut off, and a conflict appears.",
        discussion: """
            Starts headquarters and two branches as real 'docket serve' daemons on 127.0.0.1 with certificates from a
            throwaway CA, writes realistic cases at each, cuts one branch off, makes concurrent changes, heals, and
            prints what converged and the conflict to inspect. Everything is kept under --dir to explore afterwards.
            """
    )

    @Option(help: "Where to create the demo offices (must not exist yet; default: a new temporary directory).") var dir: String?
    @Flag(help: "Leave the three daemons running at the end (stop them with the printed command).") var keepRunning = false

    func execute() throws {
        let root = self.dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("docket-demo-\(UUID().uuidString.prefix(8))")
        guard !FileManager.default.fileExists(atPath: root) else {
            throw InputError(field: "dir", "\(root) already exists; name a new directory")
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let offices = try DemoOffices(root: root, executable: executable)
        defer { if !self.keepRunning { offices.stopAll() } }
        try DemoStory(offices: offices, now: currentMillis()).run()
        if self.keepRunning {
            print("\nThe daemons are still running; stop them with: kill \(offices.processIdentifiers.map(String.init).joined(separator: " "))")
        }
    }
}
