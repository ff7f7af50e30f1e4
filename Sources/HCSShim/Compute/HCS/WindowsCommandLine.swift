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
public enum WindowsCommandLine {
    /// Joins `arguments` into one command line. Throws `.invalidArgument` for an empty vector or a
    /// program name containing `"`.
    public static func join(_ arguments: [String]) throws(ShimError) -> String {
        guard let program = arguments.first else {
            throw ShimError.invalidArgument("command line: the process has no arguments")
        }
        if program.contains("\"") {
            throw ShimError.invalidArgument("command line: the program name \(program) contains a quote")
        }
        let quotedProgram = program.isEmpty || program.contains(where: isWhitespace) ? "\"\(program)\"" : program
        return ([quotedProgram] + arguments.dropFirst().map(quote)).joined(separator: " ")
    }

    /// Quotes one argument (not the program name) by the rules above.
    public static func quote(_ argument: String) -> String {
        if !argument.isEmpty && !argument.contains(where: { isWhitespace($0) || $0 == "\"" }) {
            return argument
        }
        var result = "\""
        var backslashes = 0
        for character in argument {
            switch character {
            case "\\":
                backslashes += 1
            case "\"":
                result += String(repeating: "\\", count: backslashes * 2 + 1) + "\""
                backslashes = 0
            default:
                result += String(repeating: "\\", count: backslashes)
                result.append(character)
                backslashes = 0
            }
        }
        result += String(repeating: "\\", count: backslashes * 2) + "\""
        return result
    }

    private static func isWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\u{0B}"
    }
}
