import Synchronization

/// The standard streams of one container process on Linux, set up from containerd's stdio
/// paths the way containerd-shim-runc-v2 does it (see `StdioSpec` and protocol doc §5.3–5.4).
///
/// Without a terminal the runtime gets pipes (`childStdin/Out/Err`) and the shim copies them to
/// and from the client's fifos or file; a `binary://` logger reads the pipes itself. With a
/// terminal there are no pipes: the runtime sends a pty master through a `ConsoleSocket` and
/// `attachConsole` copies stdin fifo → master → stdout.
///
/// Ownership: every descriptor here belongs to this object (or to a `Copier` it started) and is
/// closed by it; the runtime launcher only borrows the child ends, until `closeChildEnds()`.
/// `close()` releases everything and is idempotent.
///
/// Threads: all methods may be called from any thread; copies run as tasks on the shared
/// `EventLoop` (no thread per stream). `state` guards everything mutable and is never held
/// across an await.
final class ProcessIO: Sendable {
    let spec: StdioSpec
    let terminal: Bool
    let state: Mutex<State>

    struct State {
        var childStdin: FileDescriptor?
        var childStdout: FileDescriptor?
        var childStderr: FileDescriptor?
        /// The stdin fifo opened write-side, so its reader sees EOF only after `closeStdin()`.
        var stdinCloser: FileDescriptor?
        /// Terminal only, until `attachConsole`: the stdin fifo reader and the output destination.
        var consoleInput: FileDescriptor?
        var consoleOutput: FileDescriptor?
        /// Terminal only: the pty master, kept for `resize`.
        var master: FileDescriptor?
        var stdinCopier: Copier?
        /// Copies of the process's output; `drain()` waits for these.
        var outputCopiers: [Copier] = []
        var logger: BinaryLogger?
        var closed = false
    }

    /// How long `drain()` waits for output after the process exited (runc-v2 waits 2 s).
    static let drainTimeout: Duration = .seconds(2)

    init(spec: StdioSpec, terminal: Bool, state: State) {
        self.spec = spec
        self.terminal = terminal
        self.state = Mutex(state)
    }

    /// The descriptor the runtime must get as fd 0; `nil` means /dev/null. Borrowed.
    var childStdin: FileDescriptor? { state.withLock { $0.childStdin } }
    /// The descriptor the runtime must get as fd 1; `nil` means /dev/null. Borrowed.
    var childStdout: FileDescriptor? { state.withLock { $0.childStdout } }
    /// The descriptor the runtime must get as fd 2; `nil` means /dev/null. Borrowed.
    var childStderr: FileDescriptor? { state.withLock { $0.childStderr } }

    /// The `binary://` logger's pid, if one is running.
    var loggerPID: Int32? { state.withLock { $0.logger?.pid } }

    /// Closes the shim's copies of the child ends, once the runtime has started the process (so
    /// the copies see end of file when the process exits). Idempotent.
    func closeChildEnds() {
        let ends = state.withLock { state in
            defer { state.childStdin = nil; state.childStdout = nil; state.childStderr = nil }
            return [state.childStdin, state.childStdout, state.childStderr].compactMap { $0 }
        }
        for fd in ends { fd.close() }
    }

    /// `CloseIO{stdin}`: the process sees end of file on stdin once the client's writer is gone
    /// too (bytes already in the fifo are still delivered). Idempotent; a no-op without stdin.
    func closeStdin() {
        let closer = state.withLock { state in
            defer { state.stdinCloser = nil }
            return state.stdinCloser
        }
        closer?.close()
    }

    /// `ResizePty`: sets the pty's window size. A no-op without a console (as runc-v2).
    /// Throws `.invalidArgument` if the master is not a terminal.
    func resize(_ size: ConsoleSize) throws(ShimError) {
        try state.withLock { state throws(ShimError) in
            guard let master = state.master else { return }
            try Terminal.setWindowSize(master, size)
        }
    }

    /// Waits until the process's output has been copied out (stdout/stderr, or the console),
    /// after it exited; bounded by `drainTimeout` so a daemon that inherited the output cannot
    /// hold up the exit. Closes the child ends first (they would keep the pipes open).
    func drain() async {
        closeChildEnds()
        let outputs = state.withLock { $0.outputCopiers }
        if outputs.isEmpty { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for copier in outputs { await copier.finished() } }
            group.addTask { _ = await Timers.shared.wait(for: Self.drainTimeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Stops copying and closes everything; a `binary://` logger is terminated in the
    /// background (SIGTERM, SIGKILL after 12 s) — await `shutdown()` to wait for it. Idempotent.
    func close() {
        guard let logger = release() else { return }
        Task.detached { await logger.terminate() }
    }

    /// `close()`, then waits until a `binary://` logger has exited.
    func shutdown() async {
        guard let logger = release() else { return }
        await logger.terminate()
    }

    /// Releases every descriptor and copier; returns the logger still to terminate.
    private func release() -> BinaryLogger? {
        let (copiers, descriptors, logger) = state.withLock { state -> ([Copier], [FileDescriptor], BinaryLogger?) in
            if state.closed { return ([], [], nil) }
            state.closed = true
            let copiers = state.outputCopiers + [state.stdinCopier].compactMap { $0 }
            let fds = [state.childStdin, state.childStdout, state.childStderr, state.stdinCloser,
                       state.consoleInput, state.consoleOutput, state.master].compactMap { $0 }
            let logger = state.logger
            state = State(closed: true)
            return (copiers, fds, logger)
        }
        for copier in copiers { copier.stop() }
        for fd in descriptors { fd.close() }
        return logger
    }

    deinit {
        close()
    }
}
