/// The shim's runtime configuration file: the same settings as `containerd.runc.v1.Options`,
/// for clients that can only send generic runtime options (`ctr --runtime-config-path`, a CRI
/// runtime's `options` table with `ConfigPath`).
///
/// A TOML subset: `key = "string" | true | false | integer` lines, `#` comments, and section
/// headers (ignored, so the keys may sit under `[options]`). Keys match in snake_case or Go's
/// spelling: `binary_name`, `BinaryName` and `binaryname` are one key. Unknown keys are
/// refused with `.invalidArgument` so a typo does not silently run the wrong runtime.
public enum RuntimeConfigFile {
    /// Options from `path` (read here) or `body` (inline), on top of `base`.
    public static func load(path: String, body: [UInt8], base: RuntimeOptions) throws(ShimError) -> RuntimeOptions {
        var text = String(decoding: body, as: UTF8.self)
        if text.isEmpty && !path.isEmpty {
            guard path.hasPrefix("/") else { throw ShimError.invalidArgument("runtime config path \(path) must be absolute") }
            text = try Files.readText(path)
        }
        return try parse(text, base: base)
    }

    public static func parse(_ text: String, base: RuntimeOptions = RuntimeOptions()) throws(ShimError) -> RuntimeOptions {
        var options = base
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("[") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ShimError.invalidArgument("runtime config line \(number + 1): expected key = value")
            }
            let key = trimmed[..<equals].trimmingWhitespace().lowercased().replacingUnderscores()
            let value = try Value(String(trimmed[trimmed.index(after: equals)...]).trimmingWhitespace(), line: number + 1)
            try assign(key, value, to: &options, line: number + 1)
        }
        return options
    }

    private enum Value {
        case string(String), bool(Bool), integer(UInt32)

        init(_ text: String, line: Int) throws(ShimError) {
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
                self = .string(String(text.dropFirst().dropLast()))
            } else if text == "true" || text == "false" {
                self = .bool(text == "true")
            } else if let number = UInt32(text) {
                self = .integer(number)
            } else {
                throw ShimError.invalidArgument("runtime config line \(line): cannot read value \(text)")
            }
        }
    }

    private static func assign(_ key: String, _ value: Value, to options: inout RuntimeOptions, line: Int) throws(ShimError) {
        switch (key, value) {
        case ("binaryname", .string(let text)): options.binaryName = text
        case ("root", .string(let text)): options.root = text
        case ("criupath", .string(let text)): options.criuPath = text
        case ("shimcgroup", .string(let text)): options.shimCgroup = text
        case ("criuimagepath", .string(let text)): options.criuImagePath = text
        case ("criuworkpath", .string(let text)): options.criuWorkPath = text
        case ("systemdcgroup", .bool(let flag)): options.systemdCgroup = flag
        case ("nopivotroot", .bool(let flag)): options.noPivotRoot = flag
        case ("nonewkeyring", .bool(let flag)): options.noNewKeyring = flag
        case ("iouid", .integer(let number)): options.ioUID = number
        case ("iogid", .integer(let number)): options.ioGID = number
        default: throw ShimError.invalidArgument("runtime config line \(line): unknown key or wrong type for \(key)")
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }

    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
