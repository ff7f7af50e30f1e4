@testable import HCSShim

/// A minimal protobuf binary reader (varint and length-delimited fields; fixed-width fields
/// are skipped), enough to read protoc's FileDescriptorSet in tests. Throws `.invalidArgument`
/// on malformed input.
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

    private static let malformed = ShimError.invalidArgument("protobuf: malformed input")
}
