/// A JSON value written byte for byte as Go's `encoding/json` writes it, because HCS received
/// documents from Go code and our golden tests pin those bytes.
///
/// The caller states the Go struct's shape: objects keep the order their members are given in
/// (Go emits struct fields in declaration order), `omitempty` is decided by the caller, a nil
/// slice or pointer is `.null`, an empty slice is `.array([])`; a Go map's keys come sorted by
/// bytes (`HCSEnvironment.json`). Strings are escaped as Go ≤ 1.21 escaped them: `"` `\` as `\"` `\\`;
/// newline, return and tab as `\n` `\r` `\t`; other control characters and the HTML-sensitive
/// `<` `>` `&` as `\u00XX` (lowercase hex); U+2028 and U+2029 as `\u2028` `\u2029`.
public indirect enum GoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case string(String)
    case array([GoJSON])
    case object([(String, GoJSON)])

    public static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.bytes == rhs.bytes }

    /// The encoded document, without a trailing newline (`json.Marshal`).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// The encoded document as a string, as the `vmcompute.dll` calls take it.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .int(let value): out += Array(String(value).utf8)
        case .uint(let value): out += Array(String(value).utf8)
        case .string(let value): GoJSON.writeString(value, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                GoJSON.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0x22: out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case 0x5C: out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20, 0x3C, 0x3E, 0x26, 0x2028, 0x2029:
                out += Array("\\u".utf8)
                let value = scalar.value
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
                }
            default:
                out += Array(String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
