import CDocketOpenSSL
import CDocketOpenSSLShims

/// An owned in-memory `BIO*`: bytes written in can be read back out.
///
/// TLS connections use one per direction so OpenSSL never touches a socket; NIO moves the bytes.
final class MemoryBIO {
    private(set) var pointer: OpaquePointer
    private var isOwned = true

    init() throws {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "cannot allocate memory BIO")
        }
        self.pointer = bio
    }

    /// Hands ownership to an `SSL*` (through `SSL_set_bio`), which frees it with itself.
    func transferOwnership() {
        self.isOwned = false
    }

    deinit {
        if self.isOwned {
            BIO_free(self.pointer)
        }
    }

    /// Number of bytes waiting to be read.
    var pendingCount: Int {
        Int(BIO_ctrl_pending(self.pointer))
    }

    /// A copy of every byte currently held, without consuming them.
    func contents() -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = docket_BIO_get_mem_data(self.pointer, &data)
        guard length > 0, let data else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }
}
