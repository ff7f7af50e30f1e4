/// A process's environment block as HCS takes it: a JSON object of name → value, written as Go
/// writes a `map[string]string` (keys sorted by their bytes).
///
/// Contract: names are compared by their exact code units, as Windows compares environment
/// names (case aside, which HCS leaves to Windows). A Swift `String` key would not do: `==` on
/// strings is canonical equivalence, so the precomposed `CAFÉ` and the decomposed `CAFE\u{301}`
/// would be one variable where Windows keeps two.
public struct HCSEnvironment: Sendable, Equatable, CustomStringConvertible {
    /// Name → value, keyed by the name's UTF-8 bytes (a one-to-one image of its UTF-16 units).
    private var values: [[UInt8]: String] = [:]

    public init() {}

    /// The environment of `KEY=value` entries (OCI `process.env`): each entry is split at its
    /// first `=` after the first scalar, so values keep their own `=` (the seed split at every
    /// `=` and silently dropped `A=b=c`) and Windows' per-drive variables such as `=C:=C:\work`
    /// keep their name. The split is on scalars: in `ACCENT=\u{301}value` the `=` is not hidden
    /// inside a grapheme cluster with the mark. An entry without such an `=` is dropped; a later
    /// entry for the same name wins.
    public init(entries: [String]) {
        for entry in entries {
            let scalars = entry.unicodeScalars
            guard let first = scalars.first else { continue }
            let rest = scalars[scalars.index(after: scalars.startIndex)...]
            guard let equals = rest.firstIndex(of: "=") else { continue }
            let name = String(first) + String(rest[rest.startIndex..<equals])
            values[Array(name.utf8)] = String(rest[rest.index(after: equals)...])
        }
    }

    /// The entries as pairs; a later pair for the same name (by code units) wins.
    public init(_ pairs: KeyValuePairs<String, String>) {
        for (name, value) in pairs { values[Array(name.utf8)] = value }
    }

    public var isEmpty: Bool { values.isEmpty }
    public var count: Int { values.count }

    /// The value of exactly the name `name` (by code units), nil when unset.
    public subscript(name: String) -> String? { values[Array(name.utf8)] }

    /// The names and values, names in byte order.
    public var sorted: [(name: String, value: String)] {
        values.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            (WindowsPath.text(key), values[key] ?? "")
        }
    }

    /// The JSON object, keys in byte order as Go sorts map keys.
    public var json: GoJSON { .object(sorted.map { ($0.name, .string($0.value)) }) }

    public var description: String { json.text }
}
