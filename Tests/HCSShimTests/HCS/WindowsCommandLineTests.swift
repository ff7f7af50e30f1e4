import Testing
@testable import HCSShim

@Suite("Windows command line quoting")
struct WindowsCommandLineTests {
    static let table: [([String], String)] = [
        (["cmd", "/c", "echo a b"], #"cmd /c "echo a b""#),
        ([#"C:\Program Files\app.exe"#, "x"], #""C:\Program Files\app.exe" x"#),
        (["a", ""], #"a """#),
        (["a", #"he said "hi""#], #"a "he said \"hi\"""#),
        (["a", #"C:\dir\"#], #"a C:\dir\"#),
        (["a", #"C:\my dir\"#], #"a "C:\my dir\\""#),
        (["a", #"\\server\share"#], #"a \\server\share"#),
        (["a", #"a\"b"#], #"a "a\\\"b""#),
        (["a", "tab\there"], "a \"tab\there\""),
        (["ping", "-t", "127.0.0.1"], "ping -t 127.0.0.1"),
    ]

    @Test(arguments: table)
    func quotes(_ arguments: [String], _ expected: String) throws {
        #expect(try WindowsCommandLine.join(arguments) == expected)
    }

    @Test(arguments: table.map(\.0) + [
        ["x", #"\\"#, #"\""#, #""\"#, #"a b\\"#, #"""""#, " ", "\\ \\", "ünïcødé \"q\""],
        [#"C:\a b\c.exe"#, "", "", "end"],
    ])
    func commandLineToArgvWGivesTheArgumentsBack(_ arguments: [String]) throws {
        #expect(CommandLineToArgv.split(try WindowsCommandLine.join(arguments)) == arguments)
    }

    @Test func theSeedsBareJoinLosesArgumentBoundaries() throws {
        let arguments = ["cmd", "/c", "echo a b", ""]
        #expect(CommandLineToArgv.split(arguments.joined(separator: " ")) != arguments)
        #expect(CommandLineToArgv.split(try WindowsCommandLine.join(arguments)) == arguments)
    }

    @Test func noArgumentsOrAQuotedProgramNameAreRejected() {
        #expect(throws: ShimError.invalidArgument("command line: the process has no arguments")) {
            try WindowsCommandLine.join([])
        }
        #expect(throws: ShimError.self) { try WindowsCommandLine.join([#"a"b"#]) }
    }

    // With `Character`s, " \u{301}" and "\"\u{301}" are single graphemes that are neither a
    // space nor a quote, and "\r\n" is one grapheme that is not a newline: such arguments were
    // left unquoted, or their quote unescaped, and Windows split them wrongly.
    @Test(arguments: [
        (["cmd", "a \u{301}b"], "cmd \"a \u{301}b\""),
        (["cmd", "q\"\u{301} z"], "cmd \"q\\\"\u{301} z\""),
        (["cmd", "q\"\u{301}"], "cmd \"q\\\"\u{301}\""),
        (["cmd", "line\r\nbreak"], "cmd \"line\r\nbreak\""),
        (["my \u{301}app.exe", "x"], "\"my \u{301}app.exe\" x"),
        (["cmd", "\u{301}"], "cmd \u{301}"),
    ])
    func combiningMarksAndCRLFDoNotHideSpacesQuotesOrNewlines(_ arguments: [String], _ expected: String) throws {
        let line = try WindowsCommandLine.join(arguments)
        #expect(line.unicodeScalars.elementsEqual(expected.unicodeScalars))
        #expect(CommandLineToArgv.split(line).map { Array($0.unicodeScalars) } == arguments.map { Array($0.unicodeScalars) })
    }

    @Test func aQuoteBeforeACombiningMarkInTheProgramNameIsRejected() {
        #expect(throws: ShimError.self) { try WindowsCommandLine.join(["a\"\u{301}b"]) }
    }
}
