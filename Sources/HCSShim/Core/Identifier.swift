/// containerd's identifier rules, checked before an id touches a path.
///
/// An identifier is 1–76 characters of `[A-Za-z0-9]` separated by single `.`, `_` or `-`
/// (regex `^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$`), so it can never be `..` or contain `/`.
public enum Identifier {
    public static let maxLength = 76

    /// Throws `.invalidArgument` naming `what` ("container id", "exec id") if `value` is not valid.
    public static func validate(_ value: String, _ what: String) throws(ShimError) {
        guard !value.isEmpty else { throw ShimError.invalidArgument("\(what) must not be empty") }
        guard value.utf8.count <= maxLength else {
            throw ShimError.invalidArgument("\(what) \"\(value.prefix(80))\" is longer than \(maxLength) characters")
        }
        var previousWasSeparator = true  // a separator may not lead
        for byte in value.utf8 {
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let separator = byte == 0x2E || byte == 0x5F || byte == 0x2D
            guard alphanumeric || (separator && !previousWasSeparator) else {
                throw ShimError.invalidArgument("\(what) \"\(value)\" is not a valid identifier (^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$)")
            }
            previousWasSeparator = separator
        }
        guard !previousWasSeparator else {
            throw ShimError.invalidArgument("\(what) \"\(value)\" is not a valid identifier (^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$)")
        }
    }
}
