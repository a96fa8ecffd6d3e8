import DocketCodec
import DocketCore
import NIOCore

/// A signed batch on the wire: operation bodies, then certificates (DER), then chain signatures.
extension ByteBuffer {
    /// Written from operations as stored; a decoded batch is written as `StoredBatch(_:)` of it, so both
    /// have one encoding.
    mutating func writeStoredBatch(_ batch: StoredBatch) {
        self.writeVarint(UInt64(batch.operations.count))
        for operation in batch.operations {
            self.writeLengthPrefixedBytes(operation.body)
        }
        self.writeVarint(UInt64(batch.certificates.count))
        for certificate in batch.certificates {
            self.writeLengthPrefixedBytes(certificate.der)
        }
        self.writeVarint(UInt64(batch.signatures.count))
        for signature in batch.signatures {
            self.writeLengthPrefixedString(signature.origin.rawValue)
            self.writeVarint(signature.seq)
            self.writeBytes(signature.head.bytes)
            self.writeLengthPrefixedString(signature.certificate)
            self.writeLengthPrefixedBytes(signature.signature)
        }
    }

    /// Walks a signed batch without copying anything out of it, within the limits `readSignedBatch` keeps:
    /// how many operations and signatures it carries together.
    mutating func countSignedBatch() throws -> Int {
        typealias Limits = PeerMessage.Limits
        let operations = try self.readCount(maximum: Limits.operationsPerBatch, of: "operations")
        for _ in 0..<operations {
            try self.skipLengthPrefixed(maximumBytes: Limits.bodyBytes)
        }
        let certificates = try self.readCount(maximum: Limits.certificatesPerBatch, of: "certificates")
        for _ in 0..<certificates {
            try self.skipLengthPrefixed(maximumBytes: Limits.certificateBytes)
        }
        return operations + (try self.readCount(maximum: Limits.signaturesPerBatch, of: "signatures"))
    }

    private mutating func skipLengthPrefixed(maximumBytes: Int) throws {
        let length = try self.readCount(maximum: maximumBytes, of: "bytes")
        guard self.readableBytes >= length else { throw WireError(.malformed, "message ends inside a field") }
        self.moveReaderIndex(forwardBy: length)
    }

    mutating func readSignedBatch() throws -> SignedBatch {
        typealias Limits = PeerMessage.Limits
        var batch = SignedBatch()
        let count = try self.readCount(maximum: Limits.operationsPerBatch, of: "operations")
        batch.operations.reserveCapacity(count)
        for _ in 0..<count {
            let body = try self.readLengthPrefixedBytes(maximumBytes: Limits.bodyBytes)
            do {
                batch.operations.append(try EncodedOperation(body: body))
            } catch {
                throw WireError(.malformed, "an operation body: \(error.description)")
            }
        }
        let certificates = try self.readCount(maximum: Limits.certificatesPerBatch, of: "certificates")
        for _ in 0..<certificates {
            batch.certificates.append(SignerCertificate(der: try self.readLengthPrefixedBytes(maximumBytes: Limits.certificateBytes)))
        }
        let signatures = try self.readCount(maximum: Limits.signaturesPerBatch, of: "signatures")
        for _ in 0..<signatures {
            let origin = try self.readNodeID()
            let seq = try self.readSeq()
            guard let raw = self.readBytes(length: 32), let head = ChainHash(bytes: raw) else {
                throw WireError(.malformed, "a signature ends inside its head hash")
            }
            let certificate = try self.readLengthPrefixedString(maximumBytes: 64)
            let signature = try self.readLengthPrefixedBytes(maximumBytes: Limits.signatureBytes)
            batch.signatures.append(ChainSignature(
                origin: origin, seq: seq, head: head, certificate: certificate, signature: signature))
        }
        return batch
    }
}
