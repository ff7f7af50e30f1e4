/// Decodes `Decodable` types from JSON: the text is parsed into a `JSONValue` tree
/// (`JSONParser`), and this decoder walks the tree.
///
/// Semantics follow what the shim's types rely on: unknown members are ignored, a missing or
/// `null` member decodes as nil through `decodeIfPresent`, integers must be integral and in
/// range for their type, a double accepts any number. Errors are `DecodingError`s carrying the
/// coding path; callers map them to `ShimError.invalidArgument` (`decode(_:from:what:)`).
public struct JSONValueDecoder: Decoder, SingleValueDecodingContainer {
    public let value: JSONValue
    public let codingPath: [any CodingKey]
    public var userInfo: [CodingUserInfoKey: Any] { [:] }

    public init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    /// Parses and decodes `bytes`. Throws `code` (`.invalidArgument` unless the JSON came from a
    /// party that broke its own contract) with "decode <what>: <failure>".
    public static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], what: String, code: ShimError.Code = .invalidArgument
    ) throws(ShimError) -> T {
        do {
            return try JSONValueDecoder(try JSONParser.parse(bytes)).decode(type)
        } catch let failure as JSONParser.Failure {
            throw ShimError(code, "decode \(what): \(failure)")
        } catch {
            throw ShimError(code, "decode \(what): \(Self.describe(error))")
        }
    }

    /// A one-line account of a decoding error: what went wrong, and where.
    static func describe(_ error: any Error) -> String {
        let (context, summary): (DecodingError.Context?, String) = switch error as? DecodingError {
        case .typeMismatch(_, let context)?: (context, context.debugDescription)
        case .valueNotFound(_, let context)?: (context, context.debugDescription)
        case .keyNotFound(let key, let context)?: (context, "missing member \"\(key.stringValue)\"")
        case .dataCorrupted(let context)?: (context, context.debugDescription)
        default: (nil, "\(error)")
        }
        let path = context.map { $0.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } } ?? []
        return path.isEmpty ? summary : "\(summary) at \(path.joined(separator: "."))"
    }

    // MARK: Decoder

    public func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedJSONDecodingContainer<Key>(members: members, codingPath: codingPath))
    }

    public func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return UnkeyedJSONDecodingContainer(elements: elements, codingPath: codingPath)
    }

    public func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    public func decodeNil() -> Bool { value == .null }

    public func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }

    public func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    public func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        case .unsignedInteger(let number): return Double(number)
        default: throw mismatch("a number")
        }
    }

    public func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    public func decode(_ type: Int.Type) throws -> Int { try integer() }
    public func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    public func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    public func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    public func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    public func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    public func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    public func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    public func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    public func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let tree = value as? T { return tree }   // a JSONValue member is kept whole, not re-walked
        if value == .null, !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "expected a value, found null"))
        }
        return try T(from: self)
    }

    private func integer<T: FixedWidthInteger>() throws -> T {
        let converted: T? = switch value {
        case .integer(let number): T(exactly: number)
        case .unsignedInteger(let number): T(exactly: number)
        case .double(let number): T(exactly: number)
        default: throw mismatch("an integer")
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "number does not fit \(T.self)"))
        }
        return converted
    }

    private func mismatch(_ expected: String) -> DecodingError {
        let found = switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsignedInteger, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
        return DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found)"))
    }
}
