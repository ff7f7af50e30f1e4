#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// The terminal path with a real pty: the test plays runc, sending the master over the console
/// socket with SCM_RIGHTS, and plays the container on the slave side.
@Suite struct ProcessIOConsoleTests {
    @Test func consoleSocketLivesInAPrivateDirectoryRemovedOnClose() throws {
        let socket = try ConsoleSocket.make()
        var info = stat()
        let directory = String(socket.path.dropLast("/pty.sock".count))
        #expect(stat(directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(socket.path, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK)
        socket.close()
        #expect(stat(directory, &info) != 0)
        socket.close()  // idempotent
    }

    @Test func receivesTheMasterSentWithSCMRights() async throws {
        let socket = try ConsoleSocket.make()
        defer { socket.close() }
        let pty = try Terminal.openPair()
        defer { pty.master.close() }
        let received = Task { try await socket.receiveMaster() }
        try await Task.sleep(for: .milliseconds(20))
        try ConsoleSocket.sendDescriptor(pty.master, name: "/dev/ptmx", to: socket.path)
        let master = try await received.value
        defer { master.close() }
        #expect(master.rawValue != pty.master.rawValue)
        // The same terminal: a size set through one is read back through the other.
        try Terminal.setWindowSize(pty.master, ConsoleSize(width: 91, height: 37))
        #expect(try Terminal.windowSize(master) == ConsoleSize(width: 91, height: 37))
    }

    @Test func closeCancelsAPendingReceive() async throws {
        let socket = try ConsoleSocket.make()
        let received = Task { () -> ShimError.Code? in
            do throws(ShimError) { _ = try await socket.receiveMaster(); return nil } catch { return error.code }
        }
        try await Task.sleep(for: .milliseconds(30))
        socket.close()
        #expect(await received.value == .canceled)
    }

    @Test func attachedConsoleCopiesBothWaysResizesAndDrains() async throws {
        let dir = try ScratchDirectory()
        let stdin = try dir.makeFifo("stdin")
        let stdout = try dir.makeFifo("stdout")
        let io = try await ProcessIO.make(StdioPaths(stdin: stdin, stdout: stdout, terminal: true),
                                          containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        #expect(io.childStdin == nil && io.childStdout == nil && io.childStderr == nil)

        let socket = try ConsoleSocket.make()
        defer { socket.close() }
        let pty = try Terminal.openPair()
        let slave = try Terminal.openSlave(pty.slavePath)
        try slave.setNonBlocking()
        let received = Task { try await socket.receiveMaster() }
        try ConsoleSocket.sendDescriptor(pty.master, name: "/dev/ptmx", to: socket.path)
        pty.master.close()  // runc closes its copy after sending
        try io.attachConsole(master: try await received.value)

        try io.resize(ConsoleSize(width: 132, height: 43))
        #expect(try Terminal.windowSize(slave) == ConsoleSize(width: 132, height: 43))

        // Client → stdin fifo → master → the program on the slave (the line discipline echoes,
        // so the echo also comes back out on stdout).
        let client = try FileDescriptor.open(stdin, O_WRONLY | O_NONBLOCK)
        defer { client.close() }
        _ = try client.write(Array("hello\n".utf8))
        let line = await readAll(slave, limit: 6)
        #expect(line == Array("hello\n".utf8))

        // The program's output → master → stdout fifo.
        let reader = try openClientReader(stdout)
        defer { reader.close() }
        _ = try slave.write(Array("from the tty\n".utf8))
        EventLoop.shared.cancelWaits(on: slave.rawValue)
        slave.close()  // the process exits: the master reports EIO and the copy ends
        await io.drain()
        #expect(io.state.withLock { $0.outputCopiers.allSatisfy(\.isFinished) })
        let output = String(decoding: await readAll(reader), as: UTF8.self)
        #expect(output.hasSuffix("from the tty\r\n"))  // ONLCR turned \n into \r\n
        #expect(output.contains("hello"))  // the echo
    }

    @Test func attachingWithoutATerminalIsRefusedAndClosesTheMaster() async throws {
        let io = try await ProcessIO.make(StdioPaths(), containerID: "c", namespace: "ns", ioUID: 0, ioGID: 0)
        defer { io.close() }
        let pty = try Terminal.openPair()
        let slave = try Terminal.openSlave(pty.slavePath)
        defer { slave.close() }
        try slave.setNonBlocking()
        #expect(throws: ShimError.self) { try io.attachConsole(master: pty.master) }
        // With the master closed the slave is hung up: reads fail with EIO (end of file here).
        // (A child being spawned elsewhere may hold a copy of the master until its exec.)
        var byte = [UInt8](repeating: 0, count: 1)
        #expect(await eventually { (try? slave.read(into: &byte)) == 0 })
    }
}
