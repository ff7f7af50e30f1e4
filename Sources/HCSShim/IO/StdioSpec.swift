/// Where a process's standard streams go, decided the way containerd's runc-v2 shim decides it
/// (`pkg/process/io.go`): from the scheme of the **stdout** string.
///
/// - all three paths empty → `.null` (the process gets /dev/null);
/// - no scheme (plain paths) → `.fifo`: the shim copies pipes into the client's fifos;
/// - `file:///abs/path` → `.file`: stdout and stderr are appended to one file;
/// - `binary:///abs/path?k1=v1&k2=v2` → `.binary`: a logging program gets the streams;
/// - any other scheme → `.invalidArgument` "unknown STDIO scheme".
///
/// A stdin fifo path is honoured with every scheme. Nothing is ever run through a shell.
enum StdioSpec: Sendable, Equatable {
    case null
    /// Plain paths; an empty string means "not connected" (the process gets /dev/null).
    case fifo(stdin: String, stdout: String, stderr: String)
    case file(stdin: String, path: String)
    /// `arguments` are the query's keys and values in order (`k1 v1 k2 v2`), percent-decoded.
    case binary(stdin: String, path: String, arguments: [String])

    /// Parses containerd's stdio paths. Throws `.invalidArgument` for an unknown scheme, a
    /// malformed URI, or a `file://`/`binary://` path that is not absolute.
    init(_ paths: StdioPaths) throws(ShimError) {
        if paths.isNull {
            self = .null
            return
        }
        let uri = try StdioURI(paths.stdout)
        switch uri.scheme {
        case "", "fifo":
            // Paths are used verbatim, as runc-v2 does (an explicit `fifo:` prefix then fails to open).
            self = .fifo(stdin: paths.stdin, stdout: paths.stdout, stderr: paths.stderr)
        case "file":
            self = .file(stdin: paths.stdin, path: try uri.absolutePath())
        case "binary":
            self = .binary(stdin: paths.stdin, path: try uri.absolutePath(),
                           arguments: uri.query.flatMap { [$0.key, $0.value] })
        default:
            throw ShimError(.invalidArgument, "unknown STDIO scheme \(uri.scheme)")
        }
    }

    /// The stdin fifo path, empty if stdin is not connected.
    var stdin: String {
        switch self {
        case .null: ""
        case .fifo(let stdin, _, _), .file(let stdin, _), .binary(let stdin, _, _): stdin
        }
    }
}

/// The parts of a `scheme://host/path?query` string that stdio needs, parsed as Go's
/// `url.Parse` does for these inputs: a scheme is `[A-Za-z][A-Za-z0-9+.-]*` before the first
/// `:`; a string without one (every plain absolute path) has an empty scheme.
struct StdioURI: Equatable {
    var scheme = ""
    var host = ""
    var path = ""
    var query: [(key: String, value: String)] = []

    static func == (lhs: StdioURI, rhs: StdioURI) -> Bool {
        lhs.scheme == rhs.scheme && lhs.host == rhs.host && lhs.path == rhs.path
            && lhs.query.elementsEqual(rhs.query) { $0.key == $1.key && $0.value == $1.value }
    }

    init(_ text: String) throws(ShimError) {
        var rest = Substring(text)
        if let colon = text.firstIndex(of: ":") {
            let candidate = text[..<colon]
            if candidate.isEmpty {
                throw ShimError(.invalidArgument, "parse stdio uri \(text): missing protocol scheme")
            }
            if Self.isScheme(candidate) {
                scheme = candidate.lowercased()
                rest = text[text.index(after: colon)...]
            }
        }
        if scheme.isEmpty {
            path = text  // a plain path is used verbatim, like runc-v2's fifo case
            return
        }
        if let mark = rest.firstIndex(of: "?") {
            query = try Self.parseQuery(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            host = String(rest[..<slash])
            rest = rest[slash...]
        }
        path = try Self.percentDecoded(rest, plusIsSpace: false)
    }

    /// The path of a `file://` or `binary://` URI, which must be absolute and name no host.
    func absolutePath() throws(ShimError) -> String {
        guard host.isEmpty || host == "localhost" else {
            throw ShimError(.invalidArgument, "\(scheme) stdio uri: unexpected host \"\(host)\" (want \(scheme):///absolute/path)")
        }
        guard path.hasPrefix("/") else {
            throw ShimError(.invalidArgument, "\(scheme) stdio uri: path \"\(path)\" is not absolute")
        }
        return path
    }

    private static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    private static func parseQuery(_ text: Substring) throws(ShimError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for part in text.split(whereSeparator: { $0 == "&" || $0 == ";" }) {
            let equals = part.firstIndex(of: "=")
            let key = try percentDecoded(part[..<(equals ?? part.endIndex)], plusIsSpace: true)
            let value = try equals.map { index throws(ShimError) in
                try percentDecoded(part[part.index(after: index)...], plusIsSpace: true)
            } ?? ""
            pairs.append((key, value))
        }
        return pairs
    }

    private static func percentDecoded(_ text: Substring, plusIsSpace: Bool) throws(ShimError) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            switch byte {
            case UInt8(ascii: "%"):
                guard utf8.count >= 2, let high = hexValue(utf8[utf8.startIndex]),
                      let low = hexValue(utf8[utf8.startIndex + 1]) else {
                    throw ShimError(.invalidArgument, "parse stdio uri: invalid escape in \"\(text)\"")
                }
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
