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
}
