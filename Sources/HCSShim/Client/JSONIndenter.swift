/// Re-indents compact JSON text for people, keeping every token and the key order as they
/// are (unlike a decode/encode round trip, which would reorder the keys of Go-ordered HCS
/// documents). Input that is not well-formed is indented as far as it goes, never rejected:
/// this is display only.
public enum JSONIndenter {
    public static func indent(_ compact: String, by width: Int = 2) -> String {
        var out: [UInt8] = []
        var depth = 0
        var inString = false
        var escaped = false
        let bytes = Array(compact.utf8)
        func newline() {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: depth * width))
        }
        for (index, byte) in bytes.enumerated() {
            if inString {
                out.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if next == UInt8(ascii: "}") || next == UInt8(ascii: "]") { continue }
                depth += 1
                newline()
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let previous = index > 0 ? bytes[index - 1] : 0
                if previous != UInt8(ascii: "{") && previous != UInt8(ascii: "[") {
                    depth = max(0, depth - 1)
                    newline()
                }
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: [byte, UInt8(ascii: " ")])
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                continue
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
