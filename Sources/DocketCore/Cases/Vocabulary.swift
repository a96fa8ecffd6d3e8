/// A closed set of words a field accepts; parsing names the field and the accepted words when it fails.
public protocol Vocabulary: RawRepresentable, CaseIterable, Hashable, Sendable, Codable where RawValue == String {}

extension Vocabulary {
    public init(parsing text: String, field: String) throws {
        guard let value = Self(rawValue: text) else {
            let accepted = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError(field: field, "'\(text)' is not one of \(accepted)")
        }
        self = value
    }

    public static var words: [String] { Self.allCases.map(\.rawValue) }
}

/// How the complaint reached the office (domain: 客户沟通的途径).
public enum Channel: String, Vocabulary {
    case phone, inPerson = "in_person", online, email, social, letter, hotline
}

/// Why the customer complains (domain: 客户投诉产生的原因).
public enum Category: String, Vocabulary {
    case productQuality = "product_quality", repairQuality = "repair_quality", staffError = "staff_error"
    case serviceAttitude = "service_attitude", expectationGap = "expectation_gap", delivery, other
}

/// What the customer wants out of complaining (domain: 四种投诉动机).
public enum Motive: String, Vocabulary {
    case suggestion, venting, compensation, leverage
}

/// The problem grade, which sets the service targets (domain: 问题分级).
public enum Level: String, Vocabulary, Comparable {
    case l1 = "L1", l2 = "L2", l3 = "L3", l4 = "L4"

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The customer's emotional stage (domain: 客户情绪的四个阶段).
public enum Emotion: String, Vocabulary {
    case calm, dissatisfied, angry, confrontational
}

/// The customer's care tier.
public enum Tier: String, Vocabulary {
    case vip, gold, silver, regular
}

/// The kind of remedy agreed.
public enum RemedyKind: String, Vocabulary {
    case apology, repair, replacement, refund, coupon, gift, other
}

/// The dimensions feedback is analysed along (domain: 反馈分析的四维度).
public enum FeedbackDimension: String, Vocabulary {
    case serviceProcess = "service_process", productFunction = "product_function"
    case staffAttitude = "staff_attitude", competitor
}

/// How a follow-up call found the customer.
public enum FollowUpResult: String, Vocabulary {
    case satisfied, partly, dissatisfied
}
