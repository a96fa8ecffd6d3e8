import ArgumentParser
import DocketCore
import DocketStore
import DocketTLS
import Foundation

/// A subcommand whose failures print one line, `error: <field>: <problem>`, and exit 1.
///
/// ArgumentParser's own `ValidationError` would print usage after the message; bad values found while
/// running are reported this way instead, and always before anything is written.
protocol DocketCommand: ParsableCommand {
    func execute() throws
}

extension DocketCommand {
    func run() throws {
        do {
            try self.execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            failure(error)
        }
    }
}

/// The same, for commands that talk to the running daemon.
protocol AsyncDocketCommand: AsyncParsableCommand {
    func execute() async throws
}

extension AsyncDocketCommand {
    func run() async throws {
        do {
            try await self.execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            failure(error)
        }
    }
}

/// Prints `error: <field>: <problem>` on one line and exits 1.
func failure(_ error: any Error) -> Never {
    let message: String
    switch error {
    case let error as InputError: message = error.description
    case let error as StoreError: message = error.description
    case let error as TLSError: message = "tls: \(error)"
    case let error as DecodingError: message = "input: could not decode (\(error))"
    case _ where StorageFailure.describe(error) != nil: message = "replica: \(StorageFailure.describe(error) ?? "")"
    default: message = "\(error)"
    }
    let line = TerminalText.escaped(message.replacingOccurrences(of: "\n", with: " "))
    FileHandle.standardError.write(Data("error: \(line)\n".utf8))
    Foundation.exit(1)
}
