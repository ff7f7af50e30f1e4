#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// `file://` and `binary://` stdio with real files and a real logging program.
@Suite struct ProcessIOFileAndBinaryTests {
    @Test func fileURIAppendsBothStreamsCreatingDirectories() async throws {
        let dir = try ScratchDirectory()
        let log = dir.file("logs/nested/c.log")  // the directories do not exist yet
        let paths = StdioPaths(stdout: "file://\(log)", stderr: "file://\(log)")
        for round in 1...2 {
            let io = try await ProcessIO.make(paths, containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
            _ = try #require(io.childStdout).write(Array("out\(round)\n".utf8))
            try await Task.sleep(for: .milliseconds(20))
            _ = try #require(io.childStderr).write(Array("err\(round)\n".utf8))
            await io.drain()
            io.close()
        }
        #expect(readFile(log) == Array("out1\nerr1\nout2\nerr2\n".utf8))  // appended, not truncated
        var info = stat()
        #expect(stat(log, &info) == 0 && info.st_mode & 0o777 == 0o644)
        #expect(stat(dir.file("logs/nested"), &info) == 0 && info.st_mode & 0o777 == 0o755)
    }

    @Test func regularFileAtAFifoPathIsAppendedTo() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.write("plain-file", "existing\n")
        let io = try await ProcessIO.make(StdioPaths(stdout: out), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        _ = try #require(io.childStdout).write(Array("more\n".utf8))
        await io.drain()
        io.close()
        #expect(readFile(out) == Array("existing\nmore\n".utf8))
    }

    /// The logger copies fd 3 and fd 4 to files named by its arguments, records its argv and
    /// environment, signals ready by closing fd 5, then stays until terminated.
    private func writeLogger(in dir: ScratchDirectory, trapTerm: Bool = false) throws -> String {
        try dir.write("logger.sh", """
            #!/bin/sh
            \(trapTerm ? "trap '' TERM" : "")
            echo "$@" > "$4.args"
            /usr/bin/env > "$4.env"
            /bin/cat <&3 > "$2" 4<&- 5>&- &
            /bin/cat <&4 > "$4" 3<&- 5>&- &
            exec 3<&- 4<&-
            exec 5>&-
            wait
            echo done > "$4.done"
            exec /bin/sleep 1000
            """, mode: 0o755)
    }

    @Test func binaryLoggerGetsTheStreamsAndIsTerminatedOnClose() async throws {
        let dir = try ScratchDirectory()
        let logger = try writeLogger(in: dir)
        let uri = "binary://\(logger)?out=\(dir.file("stdout.log"))&err=\(dir.file("stderr.log"))"
        let io = try await ProcessIO.make(StdioPaths(stdout: uri, stderr: uri), containerID: "ctr-1", namespace: "testns",
                                          ioUID: 0, ioGID: 0)
        // make() returned, so the logger is ready: it already wrote its arguments and environment.
        #expect(readFile(dir.file("stderr.log.args")) == Array("out \(dir.file("stdout.log")) err \(dir.file("stderr.log"))\n".utf8))
        let env = String(decoding: readFile(dir.file("stderr.log.env")) ?? [], as: UTF8.self)
        #expect(env.contains("CONTAINER_ID=ctr-1\n") && env.contains("CONTAINER_NAMESPACE=testns\n"))
        #expect(!env.contains("PATH=") && !env.contains("HOME="))
        #expect(io.childStdin == nil)

        let pid = try #require(io.loggerPID)
        _ = try #require(io.childStdout).write(Array("to stdout\n".utf8))
        _ = try #require(io.childStderr).write(Array("to stderr\n".utf8))
        await io.drain()  // closes the child ends: the logger's copies reach end of file
        #expect(await eventually { readFile(dir.file("stderr.log.done")) != nil })
        #expect(readFile(dir.file("stdout.log")) == Array("to stdout\n".utf8))
        #expect(readFile(dir.file("stderr.log")) == Array("to stderr\n".utf8))
        #expect(processExists(pid))

        await io.shutdown()  // SIGTERM; the logger (now `sleep`) dies and is reaped
        #expect(!processExists(pid))
    }

    @Test func aLoggerIgnoringSIGTERMIsKilled() async throws {
        let dir = try ScratchDirectory()
        let logger = try writeLogger(in: dir, trapTerm: true)
        let uri = "binary://\(logger)?out=\(dir.file("o"))&err=\(dir.file("e"))"
        let io = try await ProcessIO.make(StdioPaths(stdout: uri), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0,
                                          loggerTerminationTimeout: .milliseconds(300))
        let pid = try #require(io.loggerPID)
        await io.drain()
        #expect(await eventually { readFile(dir.file("e.done")) != nil })
        let started = SystemClock.monotonicNanos()
        await io.shutdown()
        #expect(SystemClock.monotonicNanos() - started >= 300_000_000)  // it waited for SIGTERM first
        #expect(!processExists(pid))
    }

    @Test func aMissingLoggerIsNotFoundAndLeavesNothingOpen() async throws {
        do {
            _ = try await ProcessIO.make(StdioPaths(stdout: "binary:///nonexistent/logger"), containerID: "c",
                                         namespace: "ns", ioUID: 0, ioGID: 0)
            Issue.record("make succeeded without a logger")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func aTerminalsOutputGoesToTheLoggersStdout() async throws {
        let dir = try ScratchDirectory()
        let logger = try writeLogger(in: dir)
        let uri = "binary://\(logger)?out=\(dir.file("o"))&err=\(dir.file("e"))"
        let io = try await ProcessIO.make(StdioPaths(stdout: uri, terminal: true), containerID: "c", namespace: "ns",
                                          ioUID: 0, ioGID: 0)
        #expect(io.childStdout == nil && io.childStderr == nil)
        let pty = try Terminal.openPair()
        let slave = try Terminal.openSlave(pty.slavePath)
        try io.attachConsole(master: pty.master)
        _ = try slave.write(Array("tty line\n".utf8))
        slave.close()
        await io.drain()
        #expect(await eventually { readFile(dir.file("e.done")) != nil })  // the console copy closed fd 3's writer
        #expect(readFile(dir.file("o")) == Array("tty line\r\n".utf8))
        await io.shutdown()
    }
}
