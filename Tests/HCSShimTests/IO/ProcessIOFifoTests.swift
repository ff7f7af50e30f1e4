#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// Fifo stdio with real fifos (mkfifo), the way `ctr` lays them out: the "container" writes
/// into the child ends, the "client" reads and writes the fifos.
@Suite struct ProcessIOFifoTests {
    @Test func nullIOGivesNoDescriptors() async throws {
        let io = try await ProcessIO.make(StdioPaths(), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        #expect(io.childStdin == nil && io.childStdout == nil && io.childStderr == nil)
        try io.resize(ConsoleSize(width: 80, height: 24))  // no console: a no-op, like runc-v2
        await io.drain()
    }

    @Test func unknownSchemeIsRejectedBeforeOpeningAnything() async throws {
        await #expect(throws: ShimError.self) {
            _ = try await ProcessIO.make(StdioPaths(stdout: "tcp://host:1"), containerID: "c", namespace: "ns",
                                         ioUID: 0, ioGID: 0)
        }
    }

    @Test func missingFifoIsNotFound() async throws {
        let dir = try ScratchDirectory()
        do {
            _ = try await ProcessIO.make(StdioPaths(stdout: dir.file("absent")), containerID: "c", namespace: "ns",
                                         ioUID: 0, ioGID: 0)
            Issue.record("make succeeded on a missing fifo")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func outputWrittenBeforeTheReaderConnectsIsNotLost() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdout: out), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        #expect(io.childStdin == nil && io.childStderr == nil)
        let child = try #require(io.childStdout)
        _ = try child.write(Array("written before any reader\n".utf8))
        try await Task.sleep(for: .milliseconds(50))  // copied into the fifo, nobody reading yet
        let reader = try openClientReader(out)
        defer { reader.close() }
        _ = try child.write(Array("and after\n".utf8))
        io.closeChildEnds()  // the process exits: the client reads to end of file, as `ctr` does
        await io.drain()
        let got = await readAll(reader)
        #expect(got == Array("written before any reader\nand after\n".utf8), "\(String(decoding: got, as: UTF8.self))")
    }

    @Test func aReaderThatGoesAwayDoesNotStopTheCopy() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdout: out), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        let child = try #require(io.childStdout)
        let first = try openClientReader(out)
        _ = try child.write(Array("one\n".utf8))
        #expect(await readAll(first, limit: 4) == Array("one\n".utf8))
        first.close()  // the client goes away (e.g. `ctr` detached)
        _ = try child.write(Array("two\n".utf8))
        try await Task.sleep(for: .milliseconds(50))
        let second = try openClientReader(out)  // and reattaches
        defer { second.close() }
        _ = try child.write(Array("three\n".utf8))
        let got = await readAll(second, limit: 10)
        #expect(got == Array("two\nthree\n".utf8), "\(String(decoding: got, as: UTF8.self))")
        let copier = try #require(io.state.withLock { $0.outputCopiers.first })
        #expect(copier.counts.discarded == 0)
    }

    /// A real writer process ("the container") with the child end as its stdout.
    @Test func fiveMegabytesArriveWholeAndInOrder() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdout: out), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        let size = 5 * 1024 * 1024
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }
        let source = dir.file("payload")
        let fd = Glibc.open(source, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        _ = payload.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        Glibc.close(fd)

        let reader = try openClientReader(out)
        defer { reader.close() }
        let received = Task { await readAll(reader, limit: size) }
        let pid = try ProcessSpawner.spawn(["/bin/cat", source], stdout: io.childStdout)
        io.closeChildEnds()
        #expect(await Reaper.shared.wait(pid: pid).code == 0)
        await io.drain()
        #expect(io.state.withLock { $0.outputCopiers.allSatisfy(\.isFinished) })
        let bytes = await received.value
        #expect(bytes.count == size)
        #expect(bytes == payload)
    }

    @Test func stdoutAndStderrOnOneFifoShareIt() async throws {
        let dir = try ScratchDirectory()
        let both = try dir.makeFifo("output")
        let io = try await ProcessIO.make(StdioPaths(stdout: both, stderr: both), containerID: "c", namespace: "ns",
                                          ioUID: 0, ioGID: 0)
        defer { io.close() }
        let reader = try openClientReader(both)
        defer { reader.close() }
        _ = try #require(io.childStdout).write(Array("out\n".utf8))
        try await Task.sleep(for: .milliseconds(20))
        _ = try #require(io.childStderr).write(Array("err\n".utf8))
        io.closeChildEnds()
        await io.drain()
        #expect(await readAll(reader, limit: 8) == Array("out\nerr\n".utf8))
    }

    @Test func closeStdinGivesTheProcessEndOfFile() async throws {
        let dir = try ScratchDirectory()
        let stdin = try dir.makeFifo("stdin")
        let io = try await ProcessIO.make(StdioPaths(stdin: stdin), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        let child = try #require(io.childStdin)
        try child.setNonBlocking()  // the test reads the process's end through the event loop

        let client = try FileDescriptor.open(stdin, O_WRONLY | O_NONBLOCK)
        _ = try client.write(Array("typed\n".utf8))
        client.close()  // the client's writer is gone...
        #expect(await readAll(child, limit: 6) == Array("typed\n".utf8))
        try await Task.sleep(for: .milliseconds(100))
        #expect(try child.read(upTo: 16) == nil)  // ...but without CloseIO there is no EOF yet

        io.closeStdin()
        let rest = Task { await readAll(child) }
        #expect(await eventually { io.state.withLock { $0.stdinCopier?.isFinished ?? false } })
        #expect(await rest.value == [])  // end of file
    }

    @Test func ioUIDAndGIDOwnTheChildPipes() async throws {
        let dir = try ScratchDirectory()
        let stdin = try dir.makeFifo("stdin")
        let out = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdin: stdin, stdout: out), containerID: "c", namespace: "ns",
                                          ioUID: 4321, ioGID: 8765)
        defer { io.close() }
        for fd in [io.childStdin, io.childStdout].compactMap({ $0 }) {
            var info = stat()
            #expect(fstat(fd.rawValue, &info) == 0)
            #expect(info.st_uid == 4321 && info.st_gid == 8765)
        }
        #expect(io.childStdin != nil && io.childStdout != nil)
    }

    @Test func closeStopsCopiesThatWouldWaitForever() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.makeFifo("stdout")
        let stdin = try dir.makeFifo("stdin")
        let io = try await ProcessIO.make(StdioPaths(stdin: stdin, stdout: out), containerID: "c", namespace: "ns",
                                          ioUID: 0, ioGID: 0)
        let copiers = io.state.withLock { $0.outputCopiers + [$0.stdinCopier].compactMap { $0 } }
        #expect(copiers.count == 2)
        io.close()  // the child ends are still open: only close() can end these copies
        #expect(await eventually { copiers.allSatisfy(\.isFinished) })
        #expect(io.childStdout == nil)
        io.close()
    }

    @Test func drainIsBoundedWhenADaemonKeepsTheOutputOpen() async throws {
        let dir = try ScratchDirectory()
        let out = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdout: out), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        let inherited = try #require(io.childStdout).duplicated()  // a daemonized grandchild's copy
        defer { inherited.close() }
        _ = try inherited.write(Array("x".utf8))
        let started = SystemClock.monotonicNanos()
        await io.drain()
        let waited = SystemClock.monotonicNanos() - started
        #expect(waited >= 1_900_000_000 && waited < 15_000_000_000)  // ~2 s; generous for loaded machines
        let copiers = io.state.withLock { $0.outputCopiers }
        #expect(copiers.count == 1 && copiers.allSatisfy { !$0.isFinished && $0.counts.copied == 1 })
        io.close()
        #expect(await eventually { copiers.allSatisfy(\.isFinished) })
    }
}
