import Synchronization

/// A `binary://` logging program, started the way runc-v2 starts one: `path k1 v1 k2 v2`
/// without a shell, with only `CONTAINER_ID` and `CONTAINER_NAMESPACE` in its environment,
/// fd 3 = the read end of the process's stdout, fd 4 = of its stderr, fd 5 = the write end of
/// a "ready" pipe it closes (or writes a byte to) once it is ready.
///
/// Ownership: the logger keeps the shim's copies of the two read ends open until it is
/// terminated (as runc-v2 does), so a logger that dies early makes the container's writes
/// block rather than fail. `terminate()` releases everything and reaps the program.
///
/// Threads: the exit is awaited by one task started with the logger; `state` guards the exit
/// code, the held descriptors and the waiters, and is never held across an await.
final class BinaryLogger: Sendable {
    let pid: Int32
    private let launcher: any LoggerLauncher
    private let terminationTimeout: Duration
    private let state: Mutex<State>

    private struct State {
        var heldReadEnds: [FileDescriptor]
        var exitCode: Int32?
        var terminating = false
        var waiters: [CheckedContinuation<Int32, Never>] = []
    }

    /// The write ends the process (or the console copy) writes into.
    struct Outputs {
        var stdout: FileDescriptor
        var stderr: FileDescriptor
    }

    private init(pid: Int32, launcher: any LoggerLauncher, heldReadEnds: [FileDescriptor], terminationTimeout: Duration) {
        self.pid = pid
        self.launcher = launcher
        self.terminationTimeout = terminationTimeout
        self.state = Mutex(State(heldReadEnds: heldReadEnds))
    }

    /// Starts the logger and waits until it reports ready (closes or writes to fd 5). Returns it
    /// with the write ends the caller owns. Throws `.notFound` for a missing program, the
    /// classified errno otherwise; nothing is left open or running on failure.
    static func start(
        path: String, arguments: [String], containerID: String, namespace: String,
        launcher: any LoggerLauncher, terminationTimeout: Duration = .seconds(12)
    ) async throws(ShimError) -> (BinaryLogger, Outputs) {
        var opened: [FileDescriptor] = []
        func pipe() throws(ShimError) -> (read: FileDescriptor, write: FileDescriptor) {
            let pipe = try FileDescriptor.pipe()
            opened += [pipe.read, pipe.write]
            return pipe
        }
        let pid: Int32
        let out, err, ready: (read: FileDescriptor, write: FileDescriptor)
        do throws(ShimError) {
            out = try pipe()
            err = try pipe()
            ready = try pipe()
            try ready.read.setNonBlocking()
            pid = try launcher.launch(
                argv: [path] + arguments,
                environment: ["CONTAINER_ID=\(containerID)", "CONTAINER_NAMESPACE=\(namespace)"],
                descriptors: [out.read, err.read, ready.write])
        } catch {
            for fd in opened { fd.close() }
            throw error
        }
        ready.write.close()  // only the logger holds it now, so its exit also means "ready"
        let logger = BinaryLogger(pid: pid, launcher: launcher, heldReadEnds: [out.read, err.read],
                                  terminationTimeout: terminationTimeout)
        Task.detached { logger.exited(await launcher.wait(pid: pid)) }
        do throws(ShimError) {
            try await waitUntilReady(ready.read)
        } catch {
            EventLoop.shared.cancelWaits(on: ready.read.rawValue)
            ready.read.close()
            out.write.close()
            err.write.close()
            _ = await logger.terminate()
            throw ShimError(error.code, "logger \(path): waiting for ready: \(error.message)")
        }
        EventLoop.shared.cancelWaits(on: ready.read.rawValue)  // waited on: forget it before closing
        ready.read.close()
        return (logger, Outputs(stdout: out.write, stderr: err.write))
    }

    /// One byte or end of file on the ready pipe means ready.
    private static func waitUntilReady(_ ready: FileDescriptor) async throws(ShimError) {
        var byte = [UInt8](repeating: 0, count: 1)
        while try ready.read(into: &byte) == nil {
            try await EventLoop.shared.waitReadable(ready.rawValue)
        }
    }

    /// Stops the logger: SIGTERM so it can flush, SIGKILL if it has not exited after the
    /// termination timeout (12 s, as runc-v2), then returns its exit code (128 + signal when
    /// signaled). Idempotent: later calls wait for the same exit.
    @discardableResult
    func terminate() async -> Int32 {
        let (first, held) = state.withLock { state in
            defer { state.terminating = true; state.heldReadEnds = [] }
            return (!state.terminating, state.heldReadEnds)
        }
        for fd in held { fd.close() }
        if first, state.withLock({ $0.exitCode == nil }) {
            launcher.signal(pid: pid, kill: false)
            // The exit wait cannot be canceled, so the timer itself escalates: whichever child
            // finishes first, the group ends only once the logger has exited.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = await self.exitCode() }
                group.addTask {
                    if await Timers.shared.wait(for: self.terminationTimeout) { self.launcher.signal(pid: self.pid, kill: true) }
                }
                await group.next()
                group.cancelAll()
            }
        }
        return await exitCode()
    }

    /// The exit code once the logger has exited and been reaped. Not cancellable: it returns
    /// promptly once the process is gone, and `terminate` guarantees that.
    func exitCode() async -> Int32 {
        await withCheckedContinuation { continuation in
            let code = state.withLock { state -> Int32? in
                if let code = state.exitCode { return code }
                state.waiters.append(continuation)
                return nil
            }
            if let code { continuation.resume(returning: code) }
        }
    }

    private func exited(_ code: Int32) {
        let waiters = state.withLock { state in
            state.exitCode = code
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: code) }
    }
}
