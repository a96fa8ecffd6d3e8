import ArgumentParser
import Foundation

/// The process entry point. Usage mistakes print one line, `error: …`, and exit non-zero, like every
/// other bad input; `--help` still prints the full help.
@main
enum DocketMain {
    static func main() async {
        do {
            var command = try Docket.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            // A command that already said everything (doctor, verify: exit 2) only sets the status.
            Foundation.exit(exit.rawValue)
        } catch {
            let code = Docket.exitCode(for: error)
            if code == .success {
                print(Docket.fullMessage(for: error))
            } else if let suggestion = CommandSuggestion.message(for: Array(CommandLine.arguments.dropFirst())) {
                warn("error: \(suggestion)")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            } else {
                let message = Docket.message(for: error)
                    .split(separator: "\n").first.map(String.init) ?? "failed"
                let line = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
                if !line.isEmpty {
                    FileHandle.standardError.write(Data("error: \(TerminalText.escaped(line))\n".utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
