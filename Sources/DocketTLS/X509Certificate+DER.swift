import CDocketOpenSSL
import CDocketOpenSSLShims

extension X509Certificate {
    /// Parses one DER-encoded certificate.
    ///
    /// The bytes must be exactly the certificate's DER: no trailing bytes and no alternative encoding of the
    /// parts outside the CA's signature. Otherwise one certificate could travel under many fingerprints and
    /// slip past a revocation list that names one of them.
    /// - Throws: `TLSError` `.certificateInvalid`.
    convenience init(der: [UInt8]) throws {
        var consumed = 0
        let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let certificate = d2i_X509(nil, &cursor, buffer.count)
            if let cursor, let base = buffer.baseAddress {
                consumed = base.distance(to: cursor)
            }
            return certificate
        }
        guard let parsed else {
            throw TLSError.fromErrorQueue(.certificateInvalid, context: "not a DER certificate")
        }
        self.init(taking: parsed)
        guard consumed == der.count else {
            throw TLSError(.certificateInvalid, reason: "\(der.count - consumed) bytes after the certificate")
        }
        guard try self.derEncoded() == der else {
            throw TLSError(.certificateInvalid, reason: "certificate is not in canonical DER form")
        }
    }

    /// The certificate's DER encoding.
    func derEncoded() throws -> [UInt8] {
        let length = i2d_X509(self.pointer, nil)
        guard length > 0 else {
            throw TLSError.fromErrorQueue(.certificateInvalid, context: "cannot encode certificate as DER")
        }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_X509(self.pointer, &cursor)
        }
        guard written == length else {
            throw TLSError.fromErrorQueue(.certificateInvalid, context: "cannot encode certificate as DER")
        }
        return der
    }
}
