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
        } catch let error as InputError {
            Self.fail(error.description)
        } catch let error as StoreError {
            Self.fail(error.description)
        } catch let error as TLSError {
            Self.fail("tls: \(error)")
        } catch let error as DecodingError {
            Self.fail("input: could not decode (\(error))")
        } catch {
            Self.fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        let line = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        Foundation.exit(1)
    }
}

/// Prints a value as pretty, key-sorted JSON on standard output.
func printJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
