import DocketAdmin
import DocketCore
import DocketSync
import Foundation
import Logging
import Testing

@testable import DocketCLI

/// The defaults `config/docket.example.toml` and `docs/configuration.md` promise are the code's, key by key,
/// so the documents cannot drift from the module types that define them.
@Suite struct DocumentedDefaultsTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Sections whose example values illustrate rather than state defaults (a node id has no default).
    static let illustrativeSections: Set<String> = ["node"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every setting the example file writes out, as `section.key` and the TOML text of its value.
    static func exampleSettings() throws -> [String: String] {
        let document = try TOMLDocument(parsing: try Self.text("config/docket.example.toml"))
        return DocumentedSetting.leaves(of: document.root).filter {
            !Self.illustrativeSections.contains(String($0.key.prefix { $0 != "." }))
        }
    }

    /// Every setting whose default the docs give as one literal value, as `section.key` and its TOML text.
    static func documentedSettings() throws -> [String: String] {
        DocumentedSetting.defaults(inMarkdown: try Self.text("docs/configuration.md"))
    }

    @Test func theExampleWritesOutEveryDefaultTheDocsGiveAndNoOther() throws {
        let example = try Self.exampleSettings()
        let documented = try Self.documentedSettings()
        #expect(!documented.isEmpty)
        #expect(Set(example.keys) == Set(documented.keys))
    }

    @Test func everyDefaultInTheExampleIsTheCodes() throws {
        for (key, value) in try Self.exampleSettings().sorted(by: { $0.key < $1.key }) {
            #expect(try DocumentedSetting.readsAsDefault(key: key, value: value), "config/docket.example.toml: \(key) = \(value)")
        }
    }

    @Test func everyDefaultInTheDocsIsTheCodes() throws {
        for (key, value) in try Self.documentedSettings().sorted(by: { $0.key < $1.key }) {
            #expect(try DocumentedSetting.readsAsDefault(key: key, value: value), "docs/configuration.md: \(key) = \(value)")
        }
    }

    /// Settings shown commented out (`# ca = "…"`) have no fixed default: they are accepted when written,
    /// and none of them is a setting the docs give a default for, which the example must write out.
    @Test func settingsCommentedOutInTheExampleAreRealAndHaveNoFixedDefault() throws {
        let example = try Self.text("config/docket.example.toml")
        let commented = DocumentedSetting.commentedOut(inExample: example)
        #expect(Set(commented.keys) == ["node.data_dir", "peers.id", "peers.address", "tls.ca", "tls.certificate", "tls.key"])
        #expect(Set(commented.keys).isDisjoint(with: try Self.documentedSettings().keys))
        var settings = Settings(dataDirectory: "/srv/docket")
        try settings.apply(configText: DocumentedSetting.uncommentingSettings(in: example), path: "docket.example.toml")
        #expect(settings.sync.peers.count == 1)
        #expect(settings.tls.files != nil)
    }

    @Test func aDefaultThatDiffersFromTheCodeIsCaught() throws {
        #expect(try !DocumentedSetting.readsAsDefault(key: "sync.retry_initial", value: "\"2s\""))
        #expect(try !DocumentedSetting.readsAsDefault(key: "tls.handshake_timeout", value: "\"5s\""))
        #expect(try !DocumentedSetting.readsAsDefault(key: "service_targets.L4.respond", value: "\"30m\""))
        #expect(try DocumentedSetting.readsAsDefault(key: "sync.retry_initial", value: "\"1s\""))
    }
}
