import DocketCodec
import DocketCore

/// A record's merge state as one compact binary value, the `state` column of `record_states`.
///
/// Applying a batch loads and saves the merge state of every record it touches; as rows of five tables that
/// cost six queries and a JSON decode per value, most of a catch-up's CPU. One blob is one lookup. The
/// encoding is canonical (every map in sorted order, node ids once in a sorted table), so two replicas with
/// the same state hold the same bytes and the state digest compares them directly.
///
/// Layout, after the format byte 1: the node table (count, then each id); the record clock (count, then
/// node index and seq); the registers by field name (name, frontier as a clock, count of values, then each
/// value's node index, seq, HLC millis and counter, author and value); the sets by name (name, then the
/// adds and the removed tags, each as a count of elements, then each element and its sorted tags as node
/// index and seq). A value is a tag byte (0 null, 1 text, 2 integer as zig-zag varint, 3 any other value
/// as its JSON) and its bytes.
extension MergeState {
    static let blobFormat: UInt8 = 1

    /// The state's canonical bytes.
    func blob() throws -> [UInt8] {
        var writer = BlobWriter(nodes: self.nodes())
        writer.bytes.write(byte: Self.blobFormat)
        writer.bytes.write(varint: UInt64(writer.nodes.count))
        for node in writer.nodes { writer.bytes.write(string: node.rawValue) }
        writer.write(self.clock)
        writer.bytes.write(varint: UInt64(self.registers.count))
        // Positions sorted by key, not the members themselves: copying each register out to sort it
        // retained and released its storage, and saving records is much of a catch-up.
        let keys = self.registers.keys
        for position in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            let (field, register) = self.registers[position]
            writer.bytes.write(string: field)
            writer.write(register.frontier)
            writer.bytes.write(varint: UInt64(register.values.count))
            for value in register.values.sortedByDot() { try writer.write(value) }
        }
        writer.bytes.write(varint: UInt64(self.sets.count))
        for (name, set) in self.sets.sorted(by: { $0.key < $1.key }) {
            writer.bytes.write(string: name)
            writer.write(set.adds)
            writer.write(set.removed)
        }
        return writer.bytes.bytes
    }

    /// Reads what `blob()` wrote for `ref`.
    /// - Throws: `StoreError.inconsistent` when the bytes are not such a state.
    init(ref: RecordRef, blob: [UInt8]) throws {
        do {
            var reader = BlobReader(ByteReader(blob))
            guard try reader.bytes.readByte() == Self.blobFormat else {
                throw CodecError("format \(blob.first ?? 0) is not one this build reads")
            }
            try reader.readNodes()
            let clock = try reader.readClock()
            let registerCount = try reader.count()
            var registers: [String: MultiValueRegister] = [:]
            // Sized once: a record's twenty-odd registers grew the table four times. No larger than the
            // bytes left could hold, so a damaged count fails as running out of bytes, not as memory.
            registers.reserveCapacity(min(registerCount, reader.bytes.remaining))
            for _ in 0..<registerCount {
                let field = try reader.string()
                let frontier = try reader.readClock()
                let valueCount = try reader.count()
                var values: [RegisterValue] = []
                values.reserveCapacity(min(valueCount, reader.bytes.remaining))
                for _ in 0..<valueCount { values.append(try reader.readValue()) }
                registers[field] = MultiValueRegister(frontier: frontier, values: values)
            }
            var sets: [String: ObservedRemoveSet] = [:]
            for _ in 0..<(try reader.count()) {
                let name = try reader.string()
                sets[name] = ObservedRemoveSet(adds: try reader.readTags(), removed: try reader.readTags())
            }
            guard reader.bytes.remaining == 0 else { throw CodecError("\(reader.bytes.remaining) bytes after the state") }
            self.init(ref: ref, clock: clock, registers: registers, sets: sets)
        } catch {
            throw StoreError.inconsistent("the merge state of \(ref.kind.rawValue) \(ref.id) does not read: \(error)")
        }
    }

    /// Every node the state names, sorted: the blob's node table. A list, not a set: a record names a few
    /// offices, and hashing their ids cost more than comparing them.
    private func nodes() -> [NodeID] {
        var nodes: [NodeID] = []
        nodes.reserveCapacity(4)
        func note(_ node: NodeID) {
            if !nodes.contains(node) { nodes.append(node) }
        }
        self.clock.forEach { node, _ in note(node) }
        for register in self.registers.values {
            register.frontier.forEach { node, _ in note(node) }
            for value in register.values { note(value.dot.node) }
        }
        for set in self.sets.values {
            for tags in set.adds.values { for tag in tags { note(tag.node) } }
            for tags in set.removed.values { for tag in tags { note(tag.node) } }
        }
        if nodes.count > 1 { nodes.sort() }
        return nodes
    }
}

/// Writes the parts of a state blob, naming nodes by their index in the node table.
private struct BlobWriter {
    var bytes = ByteWriter(capacity: 512)
    let nodes: [NodeID]

    init(nodes: [NodeID]) {
        self.nodes = nodes
    }

    /// `nodes` holds every node the state names (`MergeState.nodes()`).
    mutating func write(_ node: NodeID) {
        self.bytes.write(varint: UInt64(self.nodes.firstIndex(of: node)!))
    }

    mutating func write(_ clock: VectorClock) {
        self.bytes.write(varint: UInt64(clock.count))
        clock.forEach { node, seq in
            self.write(node)
            self.bytes.write(varint: seq)
        }
    }

    mutating func write(_ value: RegisterValue) throws {
        self.write(value.dot.node)
        self.bytes.write(varint: value.dot.seq)
        self.bytes.write(varint: value.timestamp.millis)
        self.bytes.write(varint: UInt64(value.timestamp.counter))
        self.bytes.write(string: value.author)
        switch value.value {
        case .null:
            self.bytes.write(byte: 0)
        case .text(let text):
            self.bytes.write(byte: 1)
            self.bytes.write(string: text)
        case .integer(let number):
            self.bytes.write(byte: 2)
            self.bytes.write(varint: UInt64(bitPattern: (number << 1) ^ (number >> 63)))
        case .remedy, .json:
            self.bytes.write(byte: 3)
            self.bytes.write(string: try Coding.encode(value.value))
        }
    }

    mutating func write(_ tags: [String: Set<Dot>]) {
        self.bytes.write(varint: UInt64(tags.count))
        for (element, dots) in tags.sorted(by: { $0.key < $1.key }) {
            self.bytes.write(string: element)
            self.bytes.write(varint: UInt64(dots.count))
            for dot in dots.sorted() {
                self.write(dot.node)
                self.bytes.write(varint: dot.seq)
            }
        }
    }
}

/// Reads the parts of a state blob. Limits are generous: the bytes were written by this replica, and
/// only a damaged file would exceed them.
private struct BlobReader {
    var bytes: ByteReader
    private var nodes: [NodeID] = []
    private static let maximumCount = 1 << 24
    private static let maximumString = 1 << 24

    init(_ bytes: ByteReader) {
        self.bytes = bytes
    }

    mutating func count() throws -> Int {
        try self.bytes.readCount(maximum: Self.maximumCount, of: "items")
    }

    mutating func string() throws -> String {
        try self.bytes.readString(maximumBytes: Self.maximumString, of: "a name or value")
    }

    mutating func readNodes() throws {
        for _ in 0..<(try self.count()) { self.nodes.append(try NodeID(try self.string())) }
    }

    mutating func node() throws -> NodeID {
        let index = try self.bytes.readVarint()
        guard index < UInt64(self.nodes.count) else { throw CodecError("node \(index) is not in the node table") }
        return self.nodes[Int(index)]
    }

    mutating func dot() throws -> Dot {
        Dot(node: try self.node(), seq: try self.bytes.readVarint())
    }

    mutating func readClock() throws -> VectorClock {
        var clock = VectorClock()
        for _ in 0..<(try self.count()) {
            let node = try self.node()
            clock[node] = try self.bytes.readVarint()
        }
        return clock
    }

    mutating func readValue() throws -> RegisterValue {
        let dot = try self.dot()
        let millis = try self.bytes.readVarint()
        guard let counter = UInt32(exactly: try self.bytes.readVarint()) else { throw CodecError("an HLC counter is too large") }
        let author = try self.string()
        let value: FieldValue
        switch try self.bytes.readByte() {
        case 0: value = .null
        case 1: value = .text(try self.string())
        case 2:
            let raw = try self.bytes.readVarint()
            value = .integer(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
        case 3: value = try Coding.decode(FieldValue.self, from: try self.string())
        case let tag: throw CodecError("value tag \(tag) is unknown")
        }
        return RegisterValue(dot: dot, timestamp: HLCTimestamp(millis: millis, counter: counter), author: author, value: value)
    }

    mutating func readTags() throws -> [String: Set<Dot>] {
        var tags: [String: Set<Dot>] = [:]
        for _ in 0..<(try self.count()) {
            let element = try self.string()
            var dots = Set<Dot>()
            for _ in 0..<(try self.count()) { dots.insert(try self.dot()) }
            tags[element] = dots
        }
        return tags
    }
}
