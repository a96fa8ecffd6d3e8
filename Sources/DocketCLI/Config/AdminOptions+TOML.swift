import DocketAdmin
import DocketCore

extension AdminOptions {
    /// Reads `[admin]`: a loopback `host:port`, or `""` for the Unix socket only.
    mutating func read(_ table: inout ConfigTable) throws {
        if let address = try table.string("address") {
            if address.isEmpty {
                self.host = nil
            } else {
                let (host, port) = try NetworkAddress.parse(address, key: "admin.address")
                guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
                    throw InputError(field: "admin.address", "'\(address)' is not a loopback address; the admin endpoint stays on this machine")
                }
                (self.host, self.port) = (host, port)
            }
        }
        try table.rejectUnknownKeys()
    }
}
