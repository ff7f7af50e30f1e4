import Testing
@testable import HCSShim

@Suite struct StdioSpecTests {
    @Test func allEmptyIsNullIO() throws {
        #expect(try StdioSpec(StdioPaths()) == .null)
        #expect(try StdioSpec(StdioPaths(terminal: true)) == .null)
    }

    @Test func plainPathsAreFifos() throws {
        let paths = StdioPaths(stdin: "/run/containerd/fifo/1/c-stdin", stdout: "/run/containerd/fifo/1/c-stdout",
                               stderr: "/run/containerd/fifo/1/c-stderr")
        #expect(try StdioSpec(paths) == .fifo(stdin: paths.stdin, stdout: paths.stdout, stderr: paths.stderr))
        // Only stdout decides the scheme; a colon later in a path is not a scheme.
        #expect(try StdioSpec(StdioPaths(stdout: "/var/a:b/out")) == .fifo(stdin: "", stdout: "/var/a:b/out", stderr: ""))
        #expect(try StdioSpec(StdioPaths(stdin: "/in")) == .fifo(stdin: "/in", stdout: "", stderr: ""))
    }

    @Test func fileURIsNameOneAbsoluteFile() throws {
        #expect(try StdioSpec(StdioPaths(stdout: "file:///var/log/c.log", stderr: "file:///var/log/c.log"))
                == .file(stdin: "", path: "/var/log/c.log"))
        #expect(try StdioSpec(StdioPaths(stdin: "/in", stdout: "file:///a%20b/log")) == .file(stdin: "/in", path: "/a b/log"))
        #expect(try StdioSpec(StdioPaths(stdout: "FILE:///x")) == .file(stdin: "", path: "/x"))
    }

    @Test func binaryURIsCarryTheirQueryAsArguments() throws {
        let spec = try StdioSpec(StdioPaths(stdout: "binary:///usr/bin/logger?id=abc&dir=%2Fvar%2Flog&flag&sp=a+b"))
        #expect(spec == .binary(stdin: "", path: "/usr/bin/logger",
                                arguments: ["id", "abc", "dir", "/var/log", "flag", "", "sp", "a b"]))
        #expect(try StdioSpec(StdioPaths(stdout: "binary:///bin/log")) == .binary(stdin: "", path: "/bin/log", arguments: []))
        #expect(try StdioSpec(StdioPaths(stdout: "binary://localhost/bin/log"))
                == .binary(stdin: "", path: "/bin/log", arguments: []))
    }

    @Test(arguments: [
        ("tcp://127.0.0.1:9000", "unknown STDIO scheme tcp"),
        ("relative:thing", "unknown STDIO scheme relative"),
        ("binary://relative/logger", "unexpected host"),
        ("binary:relative", "not absolute"),
        ("binary://", "not absolute"),
        ("file://log.txt", "unexpected host"),
        ("file:log.txt", "not absolute"),
        ("file:///bad%zzescape", "invalid escape"),
        (":nothing", "missing protocol scheme"),
    ])
    func rejectsBadURIs(stdout: String, fragment: String) {
        #expect {
            try StdioSpec(StdioPaths(stdout: stdout))
        } throws: { error in
            guard let error = error as? ShimError else { return false }
            return error.code == .invalidArgument && error.message.contains(fragment)
        }
    }

    @Test func stdinIsKeptWithEveryScheme() throws {
        #expect(try StdioSpec(StdioPaths(stdin: "/in", stdout: "binary:///l")).stdin == "/in")
        #expect(try StdioSpec(StdioPaths(stdin: "/in", stdout: "/out")).stdin == "/in")
        #expect(try StdioSpec(StdioPaths()).stdin == "")
    }
}
