#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// Container stdio through the IO layer with the real runtimes: client fifos (stdin copied in,
/// `closeStdin` delivering EOF) and a terminal through the console socket.
@Suite(.serialized) struct RuncBackendIOTests {
    @Test(arguments: RuncFixture.runtimes)
    func fifoStdinAndStdout(runtime: String) async throws {
        try await RuncFixture(runtime: runtime, args: ["cat"]).run { fixture in
            let stdinPath = fixture.base + "/stdin", stdoutPath = fixture.base + "/stdout"
            #expect(mkfifo(stdinPath, 0o600) == 0 && mkfifo(stdoutPath, 0o600) == 0)
            // As a client does: hold the output fifo's read end and the input's write end.
            let reader = try FileDescriptor.open(stdoutPath, O_RDONLY | O_NONBLOCK)
            let writer = try FileDescriptor.open(stdinPath, O_RDWR | O_NONBLOCK)
            defer { EventLoop.shared.cancelWaits(on: reader.rawValue); reader.close() }
            var spec = fixture.spec
            spec.stdio = StdioPaths(stdin: stdinPath, stdout: stdoutPath)
            let container = try await RuncBackend().create(spec)
            _ = try await container.initProcess.start()
            _ = try writer.write(Array("ping\n".utf8))
            writer.close()
            try await container.initProcess.closeStdin()
            let status = await container.initProcess.wait()
            #expect(status.code == 0)
            #expect(await readAll(reader, limit: 5) == Array("ping\n".utf8))
            try await container.delete()
        }
    }

    @Test(arguments: RuncFixture.runtimes)
    func terminalThroughTheConsoleSocket(runtime: String) async throws {
        let fixture = try await RuncFixture(runtime: runtime, args: ["sh", "-c", "tty; stty size"]) { config in
            var process = config["process"] ?? .object([:])
            process["terminal"] = .bool(true)
            config["process"] = process
        }
        try await fixture.run { fixture in
            var spec = fixture.spec
            spec.stdio = StdioPaths(stdout: "file://" + fixture.outputPath, terminal: true)
            let container = try await RuncBackend().create(spec)
            try await container.initProcess.resize(ConsoleSize(width: 100, height: 30))
            _ = try await container.initProcess.start()
            #expect(await container.initProcess.wait().code == 0)
            let output = fixture.output()
            #expect(output.contains("/dev/pts/"), "\(output)")
            #expect(output.contains("30 100"), "\(output)")
            try await container.delete()
        }
    }

    @Test func execWithATerminal() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            // The spec says no terminal; the request's terminal flag wins (as in runc-v2).
            let exec = try await container.exec(ExecSpec(
                execID: "tty1", stdio: StdioPaths(stdout: "file://" + fixture.base + "/exec-out", terminal: true),
                processJSON: Array(#"{"terminal":false,"args":["tty"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}}"#.utf8)))
            _ = try await exec.start()
            #expect(await exec.wait().code == 0)
            let output = (try? Files.readText(fixture.base + "/exec-out")) ?? ""
            #expect(output.contains("/dev/pts/"), "\(output)")
            try await exec.delete()
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            try await container.delete()
        }
    }

    @Test func binaryLoggerGetsTheOutputThroughTheShimsReaper() async throws {
        try await RuncFixture(args: ["sh", "-c", "echo to-logger; echo err-to-logger >&2"]).run { fixture in
            let logger = fixture.base + "/logger.sh"
            let logged = fixture.base + "/logged"
            // fd 3 = stdout, fd 4 = stderr, fd 5 = "ready" pipe (closed = ready).
            try Files.writeAtomically(logger, Array("""
            #!/bin/sh
            exec 5>&-
            cat <&3 > "$2.out" &
            cat <&4 > "$2.err"
            wait
            echo "$CONTAINER_ID $CONTAINER_NAMESPACE" > "$2.env"

            """.utf8), mode: 0o755)
            var spec = fixture.spec
            spec.stdio = StdioPaths(stdout: "binary://" + logger + "?file=" + logged, stderr: "binary://" + logger + "?file=" + logged)
            let container = try await RuncBackend().create(spec)
            _ = try await container.initProcess.start()
            #expect(await container.initProcess.wait().code == 0)
            try await container.delete()  // closes the pipes; the logger finishes and exits
            var done = false
            for _ in 0..<100 where !done {
                done = Files.exists(logged + ".env")
                if !done { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect((try? Files.readText(logged + ".out")) == "to-logger\n")
            #expect((try? Files.readText(logged + ".err")) == "err-to-logger\n")
            #expect((try? Files.readText(logged + ".env")) == "\(fixture.id) test\n")
        }
    }
}
