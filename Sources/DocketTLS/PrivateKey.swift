import CDocketOpenSSL
import CDocketOpenSSLShims

/// An owned `EVP_PKEY*`.
final class PrivateKey {
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(self.pointer)
    }

    /// A new ECDSA P-256 key: small, fast to handshake with, and accepted by every TLS 1.3 stack.
    static func generate() throws -> PrivateKey {
        guard let key = docket_EVP_PKEY_generate_p256() else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot generate P-256 key")
        }
        return PrivateKey(taking: key)
    }

    /// Reads an unencrypted PEM private key.
    static func load(pemFile path: String) throws -> PrivateKey {
        guard let bio = BIO_new_file(path, "r") else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot open private key \(path)")
        }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "no PEM private key in \(path)")
        }
        return PrivateKey(taking: key)
    }

    /// The key as unencrypted PKCS#8 PEM; protect it with file permissions.
    func pemEncoded() throws -> [UInt8] {
        let bio = try MemoryBIO()
        guard PEM_write_bio_PrivateKey(bio.pointer, self.pointer, nil, nil, 0, nil, nil) == 1 else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot encode private key")
        }
        return bio.contents()
    }
}
