import DocketCore
import DocketTLS
import DocketTestSupport
import Foundation
import Testing

/// Signed operations files between offices whose certificates come from one CA: a genuine file imports;
/// one altered and re-checksummed, sent under another name, or signed by a revoked certificate is refused
/// whole; an office's own operations come back to it from a file after a restore.
@Suite(.serialized) struct SignedImportTests {
    let cluster: TestCluster
    let hq: TestNode
    let shanghai: TestNode
    let beijing: TestNode

    /// Three offices run through the CLI only, each with its certificate in `[tls]`; Shanghai has written a
    /// customer, a case and another customer (`sh-pudong:1...3`).
    init() throws {
        self.cluster = try TestCluster()
        self.hq = try self.cluster.add("hq")
        self.shanghai = try self.cluster.add("sh-pudong")
        self.beijing = try self.cluster.add("bj-chaoyang")
        for node in [self.hq, self.shanghai, self.beijing] {
            try Self.configure(node)
            try node.cli.ok(["init", "--node", node.id])
        }
        try self.shanghai.cli.ok(["customer", "add", "--name", "张伟", "--tier", "gold"])
        try self.shanghai.cli.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水", "--department", "客服中心",
            "--owner", "王磊",
        ])
        try self.shanghai.cli.ok(["customer", "add", "--name", "李建国", "--salutation", "李总"])
    }

    /// Writes the node's `docket.toml`: its certificate files, and `revoked` when given.
    static func configure(_ node: TestNode, revoking fingerprints: [String] = []) throws {
        let files = NodeCertificate(nodeID: node.id, directory: node.directory.appendingPathComponent("tls").path)
        var config = """
            [tls]
            ca = "\(files.caCertificatePath)"
            certificate = "\(files.certificatePath)"
            key = "\(files.privateKeyPath)"

            """
        if !fingerprints.isEmpty {
            config += "revoked = [\(fingerprints.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        }
        try FileManager.default.createDirectory(at: node.directory, withIntermediateDirectories: true)
        try config.write(to: node.directory.appendingPathComponent("docket.toml"), atomically: true, encoding: .utf8)
    }

    /// Exports what `since` lacks from `node` to a new file. - Returns: its path.
    func export(from node: TestNode, since: String = "") throws -> String {
        let path = self.cluster.root.url.appendingPathComponent("\(node.id)-\(UUID().uuidString.prefix(8)).ops").path
        try node.cli.ok(["export", "--since", since, "--out", path])
        return path
    }

    func vector(of node: TestNode) throws -> String {
        try node.cli.ok(["vector"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aGenuineExportImportsAtAnotherOffice() throws {
        let file = try self.export(from: self.shanghai)
        #expect(try self.beijing.cli.ok(["import", file]).contains("Imported from sh-pudong: 3 applied, 0 already held"))
        #expect(try self.beijing.digest() == self.shanghai.digest())
        #expect(try self.beijing.cli.ok(["case", "list"]).contains("空调维修后仍然漏水"))
        #expect(try self.beijing.cli.ok(["import", file]).contains("0 applied, 3 already held"))
    }

    @Test func anAlteredOperationUnderARecomputedChecksumFailsTheFileSignature() throws {
        var file = try SignedFileEdit(path: try self.export(from: self.shanghai))
        try file.alterAuthor(ofOperation: 1)
        try file.recomputeChecksum()
        let edited = try file.write(in: self.cluster.root)
        let refusal = try Self.expectRefused(at: self.beijing, importing: edited, saying: "bad signature")
        #expect(refusal.hasPrefix("error: file: refused: "), "\(refusal)")
    }

    /// A relay that alters a branch's operation and signs the file with its own genuine key: the file's
    /// signature holds, the branch's chain does not.
    @Test(arguments: [0, 2])
    func anOperationAlteredByARelayThatSignsTheFileItselfIsRefused(altered index: Int) throws {
        try self.hq.cli.ok(["import", try self.export(from: self.shanghai)])
        let genuine = try self.export(from: self.hq)
        var file = try SignedFileEdit(path: genuine)
        #expect(file.header.contains("\"from\":\"hq\""))
        try file.alterAuthor(ofOperation: index)
        try file.resign(with: try ChainSigner(node: self.certificate(of: self.hq)))
        let edited = try file.write(in: self.cluster.root)
        // Altering the first operation breaks the second's link to it; altering the last leaves Shanghai's
        // signature over another head.
        let expected = index == 0 ? "operation sh-pudong:2: broken chain" : "operation sh-pudong:3: bad signature"
        let refusal = try Self.expectRefused(at: self.beijing, importing: edited, saying: expected)
        #expect(refusal.contains("nothing was applied"), "\(refusal)")

        // The genuine relayed file is accepted, with Shanghai's operations exactly as Shanghai wrote them.
        #expect(try self.beijing.cli.ok(["import", genuine]).contains("Imported from hq: 3 applied"))
        #expect(try self.beijing.digest() == self.shanghai.digest())

        // Where Shanghai's operations are held, the altered one is a forgery on the way, not Shanghai writing
        // two histories: refused, with no alarm raised against Shanghai.
        try Self.expectRefused(at: self.beijing, importing: edited, saying: "altered or invented on the way")
        let status = try #require(try self.beijing.cli.json(["status"]) as? [String: Any])
        #expect((status["equivocations"] as? [Any])?.isEmpty ?? true, "\(String(describing: status["equivocations"]))")
    }

    @Test func aFileWhoseHeaderNamesAnotherSenderIsRefused() throws {
        var file = try SignedFileEdit(path: try self.export(from: self.shanghai))
        file.header = file.header.replacingOccurrences(of: "\"from\":\"sh-pudong\"", with: "\"from\":\"hq\"")
        #expect(file.header.contains("\"from\":\"hq\""))
        try file.recomputeChecksum()
        let edited = try file.write(in: self.cluster.root)
        let refusal = try Self.expectRefused(at: self.beijing, importing: edited, saying: "wrong sender")
        #expect(refusal.hasPrefix("error: file: refused: "), "\(refusal)")
    }

    @Test func operationsSignedByARevokedCertificateAreRefusedDirectOrRelayed() throws {
        let revoked = try self.fingerprint(of: self.shanghai)
        try Self.configure(self.beijing, revoking: [revoked])
        try Self.expectRefused(at: self.beijing, importing: try self.export(from: self.shanghai), saying: "revoked")

        // Relayed by headquarters, under headquarters' valid file signature, Shanghai's chain still is not.
        try self.hq.cli.ok(["import", try self.export(from: self.shanghai)])
        try Self.expectRefused(at: self.beijing, importing: try self.export(from: self.hq), saying: "revoked")

        // Headquarters' own operations are still accepted from it.
        try self.hq.cli.ok(["customer", "add", "--name", "刘洋"])
        let own = try self.export(from: self.hq, since: "sh-pudong:3")
        #expect(try self.beijing.cli.ok(["import", own]).contains("Imported from hq: 1 applied, 0 already held"))
        #expect(try self.vector(of: self.beijing) == "hq:1")
    }

    @Test func aRestoredOfficeTakesItsOwnLaterOperationsBackFromAFile() throws {
        let backup = self.cluster.root.url.appendingPathComponent("sh-pudong-备份.sqlite")
        try self.shanghai.cli.ok(["backup", backup.path])
        try self.shanghai.cli.ok(["customer", "add", "--name", "王芳"])
        try self.shanghai.cli.ok(["customer", "add", "--name", "陈静"])
        try self.hq.cli.ok(["import", try self.export(from: self.shanghai)])
        try self.hq.cli.ok(["customer", "add", "--name", "刘洋"])

        try Self.restore(self.shanghai, from: backup)
        #expect(try self.vector(of: self.shanghai) == "sh-pudong:3")
        try Self.expectRefused(
            at: self.shanghai, arguments: ["customer", "add", "--name", "赵敏"], saying: "restored from a backup")

        let back = try self.export(from: self.hq, since: try self.vector(of: self.shanghai))
        #expect(try self.shanghai.cli.ok(["import", back]).contains("Imported from hq: 3 applied, 0 already held"))
        #expect(try self.vector(of: self.shanghai) == "hq:1,sh-pudong:5")
        // A file does not say how far its sender holds this office's operations: ending the recovery is the
        // administrator's decision.
        let recovery = try #require(try self.shanghai.cli.json(["recovery"]) as? [String: Any])
        #expect(recovery["recovering"] as? Bool == true, "\(recovery)")
        try self.shanghai.cli.ok(["recovery", "finish", "--no-peer-holds-more"])

        try self.shanghai.cli.ok(["customer", "add", "--name", "赵敏"])
        #expect(try self.vector(of: self.shanghai) == "hq:1,sh-pudong:6", "the next write takes the next seq")
        let forward = try self.export(from: self.shanghai, since: try self.vector(of: self.hq))
        #expect(try self.hq.cli.ok(["import", forward]).contains("1 applied, 0 already held"))
        #expect(try self.hq.digest() == self.shanghai.digest())
        let counts = try [self.hq, self.shanghai].map {
            try #require(try $0.cli.json(["status"]) as? [String: Any])["counts"] as? [String: Any]
        }
        #expect(counts.map { $0?["operations"] as? Int } == [7, 7])
    }
}

extension SignedImportTests {
    func certificate(of node: TestNode) -> NodeCertificate {
        NodeCertificate(nodeID: node.id, directory: node.directory.appendingPathComponent("tls").path)
    }

    /// The fingerprint of the node's certificate, as `docket status --json` reports it.
    func fingerprint(of node: TestNode) throws -> String {
        let status = try #require(try node.cli.json(["status"]) as? [String: Any])
        return try #require((status["certificate"] as? [String: Any])?["fingerprint"] as? String)
    }

    /// Puts the backup in place of the node's replica, without the old `-wal` and `-shm`.
    static func restore(_ node: TestNode, from backup: URL) throws {
        let replica = node.directory.appendingPathComponent("replica.sqlite").path
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: replica + suffix)
        }
        try FileManager.default.copyItem(atPath: backup.path, toPath: replica)
    }

    @discardableResult
    static func expectRefused(
        at node: TestNode, importing file: String, saying words: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        try Self.expectRefused(at: node, arguments: ["import", file], saying: words, sourceLocation: sourceLocation)
    }

    /// Runs `arguments` at `node` and expects exit 1 with one `error:` line containing `words`, and the
    /// replica unchanged. - Returns: that line.
    @discardableResult
    static func expectRefused(
        at node: TestNode, arguments: [String], saying words: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let before = try node.digest()
        let outcome = try node.cli.run(arguments)
        #expect(outcome.status == 1, "exit \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(words), "says '\(words)': \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(try node.digest() == before, "nothing applied", sourceLocation: sourceLocation)
        return outcome.stderr
    }
}

/// An operations file (docs/export-format.md) edited as a forger would: an operation body changed, the
/// header's sender changed, then the trailer's checksum recomputed and, by a forger holding a genuine key,
/// the file signed again.
struct SignedFileEdit {
    /// Every line but the last, without their `\n`.
    var lines: [String]
    var trailer: String

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.last == "", lines.count >= 3 else { throw DocketProcess.Failure("not an operations file: \(path)") }
        lines.removeLast()
        self.trailer = lines.removeLast()
        self.lines = lines
    }

    var header: String {
        get { self.lines[0] }
        set { self.lines[0] = newValue }
    }

    /// The bytes the trailer's checksum and signature cover.
    var covered: [UInt8] { Array((self.lines.joined(separator: "\n") + "\n").utf8) }

    /// Changes one byte of operation `index`'s body: the author `staff-…` becomes `Staff-…`, still a valid
    /// author, so only the chain and its signatures can tell.
    mutating func alterAuthor(ofOperation index: Int) throws {
        let line = self.lines[1 + index]
        let prefix = "{\"body\":\"", suffix = "\"}"
        guard line.hasPrefix(prefix), line.hasSuffix(suffix),
            var body = Data(base64Encoded: String(line.dropFirst(prefix.count).dropLast(suffix.count))).map(Array.init)
        else { throw DocketProcess.Failure("not a body line: \(line)") }
        let author = Array("staff-".utf8)
        guard let at = (0...(body.count - author.count)).first(where: { Array(body[$0..<($0 + author.count)]) == author })
        else { throw DocketProcess.Failure("no author staff-… in operation \(index)") }
        body[at] = UInt8(ascii: "S")
        self.lines[1 + index] = prefix + Data(body).base64EncodedString() + suffix
    }

    /// Sets the trailer's `sha256` to that of the lines before it, as a forger without the key would.
    mutating func recomputeChecksum() throws {
        try self.replaceInTrailer(#""sha256":"[0-9a-f]{64}""#, with: "\"sha256\":\"\(SHA256.hex(of: self.covered))\"")
    }

    /// Recomputes the checksum and signs the file with `signer`, whose certificate the file must carry.
    mutating func resign(with signer: ChainSigner) throws {
        try self.recomputeChecksum()
        let signature = try signer.signFile(sha256: SHA256.digest(of: self.covered))
        try self.replaceInTrailer(#""signature":"[A-Za-z0-9+/=]+""#, with: "\"signature\":\"\(Data(signature).base64EncodedString())\"")
        try self.replaceInTrailer(#""signer":"[0-9a-f]{64}""#, with: "\"signer\":\"\(signer.certificate.fingerprint)\"")
    }

    private mutating func replaceInTrailer(_ pattern: String, with replacement: String) throws {
        guard let range = self.trailer.range(of: pattern, options: .regularExpression) else {
            throw DocketProcess.Failure("the trailer has no \(pattern): \(self.trailer)")
        }
        self.trailer.replaceSubrange(range, with: replacement)
    }

    /// Writes the edited file. - Returns: its path.
    func write(in directory: TemporaryDirectory) throws -> String {
        let url = directory.url.appendingPathComponent("edited-\(UUID().uuidString.prefix(8)).ops")
        try Data(self.covered + Array((self.trailer + "\n").utf8)).write(to: url)
        return url.path
    }
}
