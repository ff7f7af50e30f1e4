#if os(Linux)
import FoundationEssentials

/// Any JSON document, for editing a client's OCI JSON in place (an exec's `terminal` flag)
/// without a full schema. Integers keep their exact 64-bit value (rlimits use UINT64_MAX).
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(UInt64.self) { self = .uint(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .int(value): try container.encode(value)
        case let .uint(value): try container.encode(value)
        case let .double(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    /// The member `key` of an object, nil otherwise.
    subscript(key: String) -> JSONValue? {
        get { if case let .object(members) = self { members[key] } else { nil } }
        set {
            guard case var .object(members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// Decodes JSON bytes. Throws `.invalidArgument` when they are not JSON.
    static func decode(_ bytes: [UInt8], what: String) throws(ShimError) -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw ShimError(.invalidArgument, "\(what): not valid JSON: \(error)")
        }
    }

    /// Encodes to JSON bytes.
    func encoded() throws(ShimError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(self)) } catch {
            throw ShimError(.internal, "encode JSON: \(error)")
        }
    }
}
#endif
