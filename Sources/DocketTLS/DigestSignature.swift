import CDocketOpenSSL
import CDocketOpenSSLShims

/// One-shot signatures with `EVP_DigestSign` and `EVP_DigestVerify`.
///
/// Every call makes its own `EVP_MD_CTX`, so one `EVP_PKEY` can serve many threads at once.
enum DigestSignature {
    /// SHA-256 for EC and RSA keys; none for Ed25519 and Ed448, which hash internally and refuse a digest.
    private static func digest(for key: OpaquePointer) -> OpaquePointer? {
        switch EVP_PKEY_get_base_id(key) {
        case NID_ED25519, NID_ED448: return nil
        default: return EVP_sha256()
        }
    }

    /// Signs `message` with a private key; ECDSA signatures come out DER-encoded.
    /// - Throws: `TLSError` `.signingFailed` with OpenSSL's reason.
    static func sign(_ message: [UInt8], with key: OpaquePointer) throws -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw TLSError.fromErrorQueue(.signingFailed, context: "cannot allocate a digest context")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, Self.digest(for: key), nil, key) == 1 else {
            throw TLSError.fromErrorQueue(.signingFailed, context: "key cannot sign")
        }
        var length = 0
        guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else {
            throw TLSError.fromErrorQueue(.signingFailed, context: "cannot size the signature")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
            throw TLSError.fromErrorQueue(.signingFailed, context: "EVP_DigestSign failed")
        }
        // The first call gives an upper bound: DER-encoded ECDSA signatures vary in length.
        return Array(signature.prefix(length))
    }

    /// Whether `signature` is a valid signature over `message` by the key's owner. Empties the error queue.
    static func verify(_ signature: [UInt8], over message: [UInt8], with key: OpaquePointer) -> Bool {
        guard let context = EVP_MD_CTX_new() else {
            _ = OpenSSLErrorQueue.drain()
            return false
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, Self.digest(for: key), nil, key) == 1,
            EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
        else {
            // A wrong signature also leaves entries (a DER decoding error, for one).
            _ = OpenSSLErrorQueue.drain()
            return false
        }
        return true
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil) == 1 else {
            throw TLSError.fromErrorQueue(.certificateInvalid, context: "SHA-256 failed")
        }
        return Array(digest.prefix(Int(length)))
    }
}
