import DocketCore

/// Changes read from the tree by hand, for the shapes `ChangeCoding.encode` writes; anything else (a
/// member this build does not name, a value of another type) gives nil, and `JSONTreeDecoder` reads the
/// tree through the types' own `Decodable` instead.
///
/// Through `Decodable`, every container of every change looked up generic metadata and cast its keys
/// back and forth: that was a tenth of a receiving daemon's CPU in a catch-up (`docs/benchmarks.md`,
/// "Throughput, eleventh round"). What is read here must be what `Decodable` reads; the tests and the
/// `changes` fuzz target compare them.
extension JSONTree {
    func changes() -> [Change]? {
        guard case .array(let items) = self else { return nil }
        var changes: [Change] = []
        changes.reserveCapacity(items.count)
        for item in items {
            guard let change = item.change() else { return nil }
            changes.append(change)
        }
        return changes
    }

    /// One change: an object of one member named for its case, holding exactly that case's members.
    private func change() -> Change? {
        guard case .object(let members) = self, members.count == 1,
            case .object(let fields) = members[0].value
        else { return nil }
        switch members[0].key {
        case "set":
            guard fields.count == 2, let field = Self.string("field", in: fields),
                let value = Self.member("value", in: fields)?.fieldValue()
            else { return nil }
            return .set(field: field, value: value)
        case "add":
            guard fields.count == 2, let set = Self.string("set", in: fields),
                let element = Self.string("element", in: fields)
            else { return nil }
            return .add(set: set, element: element)
        case "remove":
            guard fields.count == 3, let set = Self.string("set", in: fields),
                let element = Self.string("element", in: fields),
                case .array(let items) = Self.member("observed", in: fields)
            else { return nil }
            var observed: [Dot] = []
            observed.reserveCapacity(items.count)
            for item in items {
                guard let dot = item.dot() else { return nil }
                observed.append(dot)
            }
            return .remove(set: set, element: element, observed: observed)
        case "append":
            // Entries have many kinds, each its own type: read as `Decodable` reads them.
            guard fields.count == 1, let tree = Self.member("entry", in: fields),
                let entry = JSONTreeDecoder.read(Entry.self, from: tree)
            else { return nil }
            return .append(entry: entry)
        default:
            return nil
        }
    }

    /// A field's value as `FieldValue` reads it: null, a string or an integer here, anything else (a
    /// remedy, a newer office's JSON) through its `Decodable`.
    private func fieldValue() -> FieldValue? {
        switch self {
        case .null: .null
        case .string(let text): .text(text)
        case .integer(let number): .integer(number)
        default: JSONTreeDecoder.read(FieldValue.self, from: self)
        }
    }

    /// `{"node": …, "seq": …}` with a valid node id and a sequence number of at least zero, as `Dot`
    /// reads it.
    private func dot() -> Dot? {
        guard case .object(let members) = self, members.count == 2,
            let node = Self.string("node", in: members).flatMap({ try? NodeID($0) }),
            case .integer(let seq) = Self.member("seq", in: members), seq >= 0
        else { return nil }
        return Dot(node: node, seq: UInt64(seq))
    }

    private static func member(_ key: String, in members: [(key: String, value: JSONTree)]) -> JSONTree? {
        members.first { $0.key == key }?.value
    }

    private static func string(_ key: String, in members: [(key: String, value: JSONTree)]) -> String? {
        guard case .string(let text) = Self.member(key, in: members) else { return nil }
        return text
    }
}
