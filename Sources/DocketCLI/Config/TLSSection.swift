import DocketCore
import DocketTLS
import Foundation

/// What `[tls]` says: the certificate files, if any, and the transport options.
///
/// The files are optional because a node without them serves with development certificates, so the
/// section cannot be a `TLSConfiguration` itself; its options are, and keep their defaults in `TLSOptions`.
struct TLSSection: Hashable {
    struct Files: Hashable {
        var ca: String
        var certificate: String
        var key: String
    }

    var files: Files?
    var options = TLSOptions()
}

extension TLSSection {
    /// Reads `[tls]`.
    /// - Throws: `InputError` naming the key for unknown keys, bad fingerprints or an incomplete set of files.
    mutating func read(_ table: inout ConfigTable) throws {
        let ca = try table.string("ca")
        let certificate = try table.string("certificate")
        let key = try table.string("key")
        if let revoked = try table.strings("revoked") {
            for fingerprint in revoked {
                let hex = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
                guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                    throw InputError(field: "tls.revoked", "'\(fingerprint)' is not a SHA-256 fingerprint (64 hex digits)")
                }
            }
            self.options.revokedFingerprints = Set(revoked)
        }
        if let timeout = try table.duration("handshake_timeout") { self.options.handshakeTimeout = .seconds(timeout) }
        switch (ca, certificate, key) {
        case (let ca?, let certificate?, let key?): self.files = Files(ca: ca, certificate: certificate, key: key)
        case (nil, nil, nil): self.files = nil
        default:
            throw InputError(field: "tls", "give all of ca, certificate and key, or none for development certificates")
        }
        try table.rejectUnknownKeys()
    }
}
