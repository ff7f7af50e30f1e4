/// A minimal protobuf binary reader for the reflection messages (varint and length-delimited
/// fields; fixed-width fields are skipped). Throws `.invalidArgument` on malformed input.
///
/// TODO(grpc): remove with `ReflectionCodec`'s hand encoding once the Wire types are in main.
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case bytes([UInt8])

        var varint: UInt64 {
            if case .varint(let value) = self { return value }
            return 0
        }

        var bytes: [UInt8] {
            if case .bytes(let value) = self { return value }
            return []
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    private let buffer: [UInt8]
    private var offset = 0

    init(_ buffer: [UInt8]) { self.buffer = buffer }

    /// The next field's number and value, or nil at the end.
    mutating func next() throws(ShimError) -> (UInt64, Value)? {
        while offset < buffer.count {
            let key = try readVarint()
            let number = key >> 3
            guard number > 0 else { throw Self.malformed }
            switch key & 7 {
            case 0:
                return (number, .varint(try readVarint()))
            case 2:
                let length = try readVarint()
                guard length <= UInt64(buffer.count - offset) else { throw Self.malformed }
                let end = offset + Int(length)
                defer { offset = end }
                return (number, .bytes(Array(buffer[offset..<end])))
            case 1:
                try skip(8)
            case 5:
                try skip(4)
            default:
                throw Self.malformed
            }
        }
        return nil
    }

    private mutating func skip(_ count: Int) throws(ShimError) {
        guard buffer.count - offset >= count else { throw Self.malformed }
        offset += count
    }

    private mutating func readVarint() throws(ShimError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < buffer.count, shift < 64 {
            let byte = buffer[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw Self.malformed
    }

    private static let malformed = ShimError.invalidArgument("reflection: malformed request")
}

/// The matching writer: fields are appended in the order written; zero values are omitted
/// unless `always` (repeated elements and present oneof members).
struct ProtobufWriter {
    private(set) var output: [UInt8] = []

    mutating func varint(_ number: UInt64, _ value: UInt64, always: Bool = false) {
        guard value != 0 || always else { return }
        appendVarint(number << 3)
        appendVarint(value)
    }

    mutating func bytes(_ number: UInt64, _ value: [UInt8], always: Bool = false) {
        guard !value.isEmpty || always else { return }
        appendVarint(number << 3 | 2)
        appendVarint(UInt64(value.count))
        output += value
    }

    mutating func string(_ number: UInt64, _ value: String) { bytes(number, Array(value.utf8)) }

    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }
}
