/// Builds a Windows command line from an argument vector so that `CommandLineToArgvW` (and the
/// Microsoft C runtime) splits it back into exactly those arguments.
///
/// The seed joined the arguments with spaces, so `["cmd", "/c", "echo a b"]` reached the
/// container as four arguments and an empty argument vanished. Rules, for every argument but
/// the first:
/// - an argument that is empty or contains a space, tab, newline, vertical tab or `"` is wrapped
///   in `"`;
/// - inside the quotes, a `"` is preceded by a backslash, and any backslashes directly before a
///   `"` (or before the closing quote) are doubled;
/// - backslashes anywhere else are literal and stay single.
///
/// The first argument is the program name, which `CommandLineToArgvW` reads without escapes: it
/// runs to the next `"` when it starts with one, else to the first space or tab. It is quoted
/// when it contains whitespace (or is empty) and must not contain `"`, which no Windows file name
/// does.
///
/// Contract: the rules look at Unicode scalars, never at Swift `Character`s. Windows parses UTF-16
/// code units, and every character the rules test is a single ASCII unit, so a space or `"`
/// followed by a combining mark (`a \u{301}b`) is still a space or a quote, and `"\r\n"` still
/// holds a newline — a grapheme cluster would hide both.
public enum WindowsCommandLine {
    /// Joins `arguments` into one command line. Throws `.invalidArgument` for an empty vector or a
    /// program name containing `"`.
    public static func join(_ arguments: [String]) throws(ShimError) -> String {
        guard let program = arguments.first else {
            throw ShimError.invalidArgument("command line: the process has no arguments")
        }
        if program.unicodeScalars.contains("\"") {
            throw ShimError.invalidArgument("command line: the program name \(program) contains a quote")
        }
        let quotedProgram = program.isEmpty || program.unicodeScalars.contains(where: isWhitespace) ? "\"\(program)\"" : program
        return ([quotedProgram] + arguments.dropFirst().map(quote)).joined(separator: " ")
    }

    /// Quotes one argument (not the program name) by the rules above.
    public static func quote(_ argument: String) -> String {
        let scalars = argument.unicodeScalars
        if !scalars.isEmpty && !scalars.contains(where: { isWhitespace($0) || $0 == "\"" }) {
            return argument
        }
        var result = String.UnicodeScalarView()
        func append(_ scalar: Unicode.Scalar, times count: Int = 1) {
            result.append(contentsOf: repeatElement(scalar, count: count))
        }
        append("\"")
        var backslashes = 0
        for scalar in scalars {
            switch scalar {
            case "\\":
                backslashes += 1
            case "\"":
                append("\\", times: backslashes * 2 + 1)
                append("\"")
                backslashes = 0
            default:
                append("\\", times: backslashes)
                append(scalar)
                backslashes = 0
            }
        }
        append("\\", times: backslashes * 2)
        append("\"")
        return String(result)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\u{0B}"
    }
}
