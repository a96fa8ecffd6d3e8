/// The remedy agreed with the customer; replicated as one value so a concurrent counter-offer conflicts as a whole.
public struct Remedy: Hashable, Sendable, Codable {
    public let kind: RemedyKind
    /// A decimal amount as written, e.g. `200.00`; text keeps it exact.
    public let amount: String?
    public let currency: String?
    public let text: String

    public init(kind: RemedyKind, amount: String?, currency: String?, text: String) throws {
        if let amount {
            guard Self.isDecimal(amount) else {
                throw InputError(field: "remedy.amount", "'\(amount)' is not a decimal amount such as 200 or 199.50")
            }
        }
        if let currency {
            guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw InputError(field: "remedy.currency", "'\(currency)' is not a three-letter currency code such as CNY")
            }
        }
        if amount != nil && currency == nil {
            throw InputError(field: "remedy.currency", "is required when an amount is given")
        }
        try InputError.checkText(text, field: "remedy.text", maxLength: 2000)
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.text = text
    }

    private static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), text.count <= 18 else { return false }
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return digits(parts[0]) && (parts.count == 1 || (digits(parts[1]) && parts[1].count <= 2))
    }

    public var display: String {
        var pieces = [self.kind.rawValue]
        if let amount, let currency { pieces.append("\(amount) \(currency)") }
        pieces.append(self.text)
        return pieces.joined(separator: " ")
    }
}
