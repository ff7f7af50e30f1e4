#if os(Linux)
/// What the runc backend needs from one process's stdio: the IO layer's `ProcessIO`.
///
/// The backend hands `childStdin/Stdout/Stderr` to the runtime as its fds 0, 1, 2 (nil means
/// /dev/null), calls `closeChildEnds()` once the runtime has started the process, and for a
/// terminal adopts the pty master that arrived on the console socket. `drain()` is awaited
/// after the exit so `wait()` returns only when the output has been copied out. `close()` is
/// idempotent and releases everything.
protocol RuncStdio: AnyObject, Sendable {
    var childStdin: FileDescriptor? { get }
    var childStdout: FileDescriptor? { get }
    var childStderr: FileDescriptor? { get }
    func closeChildEnds()
    func attachConsole(master: FileDescriptor) throws(ShimError)
    func resize(_ size: ConsoleSize) throws(ShimError)
    func closeStdin()
    func drain() async
    func close()
}

/// A temporary unix socket on which the runtime sends a terminal's pty master (`--console-socket`).
protocol RuncConsoleSocket: AnyObject, Sendable {
    var path: String { get }
    func receiveMaster() async throws(ShimError) -> FileDescriptor
    func close()
}

/// Makes stdio and console sockets for the backend's processes. Injected so tests can use
/// plain files; production uses the IO layer.
struct RuncIOFactory: Sendable {
    var makeStdio: @Sendable (
        _ paths: StdioPaths, _ containerID: String, _ namespace: String, _ uid: UInt32, _ gid: UInt32
    ) async throws(ShimError) -> any RuncStdio
    var makeConsoleSocket: @Sendable () throws(ShimError) -> any RuncConsoleSocket
}

/// Stdio of a process with no streams: the runtime gets /dev/null.
final class NullStdio: RuncStdio {
    var childStdin: FileDescriptor? { nil }
    var childStdout: FileDescriptor? { nil }
    var childStderr: FileDescriptor? { nil }
    func closeChildEnds() {}
    func attachConsole(master: FileDescriptor) throws(ShimError) { master.close() }
    func resize(_ size: ConsoleSize) throws(ShimError) {}
    func closeStdin() {}
    func drain() async {}
    func close() {}
}
#endif

#if os(Linux)
extension ProcessIO: RuncStdio {}
extension ConsoleSocket: RuncConsoleSocket {}

extension RuncIOFactory {
    /// The production factory: the IO layer's `ProcessIO` (fifo, file://, binary:// loggers
    /// launched through the shim's spawner and reaper) and `ConsoleSocket`.
    static let standard = RuncIOFactory(
        makeStdio: { paths, containerID, namespace, uid, gid throws(ShimError) -> any RuncStdio in
            try await ProcessIO.make(paths, containerID: containerID, namespace: namespace, ioUID: uid, ioGID: gid)
        },
        makeConsoleSocket: { () throws(ShimError) -> any RuncConsoleSocket in try ConsoleSocket.make() })
}
#endif
