/// Output for people and for scripts: a left-aligned table in the style of `ctr task ls`
/// (columns padded, separated by at least one space) and JSON with sorted keys.
public struct TextTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table's lines, each ending with a newline; the last column is not padded.
    public var text: String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        var out = ""
        for row in all {
            var line = ""
            for (index, cell) in row.enumerated() {
                let last = index == row.count - 1
                line += last ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 4)
            }
            out += line + "\n"
        }
        return out
    }

    /// Encodes `value` as JSON (sorted keys; indented unless `compact`), newline-terminated.
    public static func json(_ value: JSONValue, compact: Bool = false) -> String {
        let text = String(decoding: JSONWriter.bytes(value), as: UTF8.self)
        return (compact ? text : JSONIndenter.indent(text)) + "\n"
    }
}
