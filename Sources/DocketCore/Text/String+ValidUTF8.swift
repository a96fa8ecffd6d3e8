extension String {
    /// The text of `bytes` when they are well-formed UTF-8, else nil: what `String(validating:as:)` gives.
    ///
    /// That initialiser is not specialised for UTF-8 in the standard library, so each call looks up generic
    /// metadata: a tenth of the samples of the threads that read a catch-up's batches. Decoding repairs
    /// ill-formed input with U+FFFD, which is never the same bytes as what it replaced, so the text is
    /// valid exactly when its bytes equal the input's.
    public init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        guard isASCII || (text.utf8.count == bytes.count && text.utf8.elementsEqual(bytes)) else { return nil }
        self = text
    }
}
