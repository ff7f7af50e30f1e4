/// `CommandLineToArgvW`'s splitting rules, re-stated for the tests (as Wine documents the
/// Windows behaviour): the program name runs to the next quote or whitespace without escapes;
/// after it, 2n backslashes + `"` give n backslashes and toggle quoting, 2n+1 backslashes + `"`
/// give n backslashes and a literal quote, other backslashes are literal, and a third
/// consecutive quote is a literal quote. It reads Unicode scalars, as Windows reads UTF-16 code
/// units: a space followed by a combining mark is still a space (a `Character` would fuse them).
enum CommandLineToArgv {
    static func split(_ commandLine: String) -> [String] {
        let s = Array(commandLine.unicodeScalars)
        var i = 0
        var argv: [String] = []
        var current = String.UnicodeScalarView()
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

        if i < s.count, s[i] == "\"" {
            i += 1
            while i < s.count, s[i] != "\"" { current.append(s[i]); i += 1 }
            if i < s.count { i += 1 }
        } else {
            while i < s.count, !isSpace(s[i]) { current.append(s[i]); i += 1 }
        }
        argv.append(String(current))
        current = String.UnicodeScalarView()
        while i < s.count, isSpace(s[i]) { i += 1 }
        guard i < s.count else { return argv }

        var quotes = 0
        var backslashes = 0
        while i < s.count {
            let c = s[i]
            if isSpace(c) && quotes == 0 {
                argv.append(String(current))
                current = String.UnicodeScalarView()
                backslashes = 0
                while i < s.count, isSpace(s[i]) { i += 1 }
                if i == s.count { return argv }
            } else if c == "\\" {
                current.append(c)
                backslashes += 1
                i += 1
            } else if c == "\"" {
                if backslashes % 2 == 0 {
                    current.removeLast(backslashes / 2)
                    quotes += 1
                } else {
                    current.removeLast(backslashes / 2 + 1)
                    current.append("\"")
                }
                i += 1
                backslashes = 0
                while i < s.count, s[i] == "\"" {
                    quotes += 1
                    if quotes == 3 { current.append("\""); quotes = 0 }
                    i += 1
                }
                if quotes == 2 { quotes = 0 }
            } else {
                current.append(c)
                backslashes = 0
                i += 1
            }
        }
        argv.append(String(current))
        return argv
    }
}
