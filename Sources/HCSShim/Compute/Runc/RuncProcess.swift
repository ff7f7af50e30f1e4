#if os(Linux)
import Synchronization

/// A process of a runc container — its init or an exec — with containerd runc-v2 semantics.
///
/// Exit path: once the pid is known, a monitor task waits on the `Reaper` (which keeps an exit
/// that happened before anyone asked), then drains the stdio, then records the exit and resumes
/// every `wait()`er. So `wait()` returns only after both the exit and the output drain.
///
/// Threads: `state` guards the lifecycle, pid, stdio and waiters; it is never held across an
/// `await` or a runtime call.
final class RuncProcess: ComputeProcess {
    enum Kind: Sendable {
        /// The init process, created by `runc create` (pid known from the start).
        case initial
        /// The init process to be restored from a checkpoint on start (`runc restore`).
        case restore(StdioPaths, RuncOperation.CheckpointArguments)
        /// An additional process, started by `runc exec`.
        case exec(ExecSpec)
    }

    private struct State {
        var lifecycle: RuncProcessLifecycle = .created
        var pid: Int32 = 0
        var stdio: (any RuncStdio)?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
        /// How an exec is signalled: opened while its pid is still unreaped, closed the moment
        /// it is reaped, so no signal can reach a later process given the same pid.
        var handle: ProcessHandle?
    }

    let id: String
    let kind: Kind
    let context: RuncContext
    private let state: Mutex<State>

    init(id: String, kind: Kind, context: RuncContext, pid: Int32 = 0, stdio: (any RuncStdio)? = nil) {
        self.id = id
        self.kind = kind
        self.context = context
        self.state = Mutex(State(pid: pid, stdio: stdio))
    }

    var pid: Int32 { state.withLock { $0.pid } }

    var isInit: Bool {
        if case .exec = kind { false } else { true }
    }

    /// The lifecycle now (for the container's own decisions and tests).
    var lifecycle: RuncProcessLifecycle { state.withLock { $0.lifecycle } }

    func start() async throws -> Int32 {
        try state.withLock { state throws(ShimError) in try state.lifecycle.beginStart() }
        do {
            let pid: Int32
            switch kind {
            case .initial:
                try await context.command.run(.start(id: context.containerID))
                pid = self.pid
            case let .exec(spec):
                pid = try await startExec(spec)
            case let .restore(paths, checkpoint):
                pid = try await restore(paths, checkpoint)
            }
            state.withLock { $0.lifecycle.startSucceeded() }
            // Create and start (the spec decoded, the runtime spawned) are a shim's heaviest
            // work and usually its last before a long idle.
            ShimProcess.releaseFreeHeap()
            return pid
        } catch {
            state.withLock { $0.lifecycle.startFailed() }
            throw error
        }
    }

    func signal(_ signal: Int32) async throws {
        let (lifecycle, pid) = state.withLock { ($0.lifecycle, $0.pid) }
        try lifecycle.checkSignal()
        if isInit {
            try await context.command.run(.kill(id: context.containerID, signal: signal, all: false))
            return
        }
        guard pid > 0 else { throw ShimError.failedPrecondition("signal \(id): process not created") }
        guard let handle = state.withLock({ $0.handle }) else {
            throw ShimError.notFound("signal \(id): process already finished")
        }
        do {
            try handle.signal(signal)
        } catch {
            let classified = ShimError.classify(error)
            if classified.code == .notFound { throw ShimError.notFound("signal \(id): process already finished") }
            throw classified
        }
    }

    func wait() async -> ExitStatus {
        await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus, Never>) in
            let done: ExitStatus? = state.withLock { state in
                if let status = state.lifecycle.finalStatus { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    func resize(_ size: ConsoleSize) async throws {
        try state.withLock { $0.stdio }?.resize(size)
    }

    func closeStdin() async throws {
        state.withLock { $0.stdio }?.closeStdin()
    }

    /// Releases the stdio and, for an exec, its pid file. Waiters still pending get the exit
    /// (255 if the process never ran). Idempotent.
    func delete() async throws {
        let (stdio, waiters, status) = state.withLock { state in
            let status = state.lifecycle.delete(now: .now())
            let waiters = state.waiters
            state.waiters = []
            let stdio = state.stdio
            state.stdio = nil
            return (stdio, waiters, status)
        }
        state.withLock { $0.handle }?.close()
        stdio?.close()
        if case .exec = kind { Files.remove(context.bundle.execPidFile(id)) }
        if let status { for waiter in waiters { waiter.resume(returning: status) } }
    }

    /// Starts following `pid`: the exit comes from the reaper, then the output is drained.
    /// The signal handle is closed as soon as the reaper reports the exit, before the drain
    /// (which may take seconds), so a signal in that window is "already finished".
    /// When the init of a container without its own pid namespace exits, the rest of the
    /// container is killed first (runc-v2 does the same): orphans would otherwise outlive the
    /// task and hold its output open through the drain.
    func monitor(pid: Int32) {
        state.withLock { $0.pid = pid }
        Task.detached { [self] in
            let status = await Reaper.shared.wait(pid: pid)
            state.withLock { $0.handle }?.close()
            if isInit && context.killAllOnInitExit {
                // Errors are expected: nothing may be left to kill.
                _ = try? await context.command.run(.kill(id: context.containerID, signal: 9, all: true))
            }
            await state.withLock { $0.stdio }?.drain()
            let waiters: [CheckedContinuation<ExitStatus, Never>] = state.withLock { state in
                guard state.lifecycle.exit(status) else { return [] }
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
    }

    /// `runc exec --detach`: the process JSON goes through a file in the bundle, with `terminal`
    /// set from the request (containerd overrides the spec's value the same way).
    private func startExec(_ spec: ExecSpec) async throws(ShimError) -> Int32 {
        var process = try JSONValue.decode(spec.processJSON, what: "exec \(id) process spec")
        guard case .object = process else { throw .invalidArgument("exec \(id): process spec is not an object") }
        process["terminal"] = .bool(spec.stdio.terminal)
        let processFile = context.bundle.execProcessFile(id)
        let pidFile = context.bundle.execPidFile(id)
        try Files.writeAtomically(processFile, process.encoded, mode: 0o600)
        defer { Files.remove(processFile) }
        return try await launch(spec.stdio, pidFile: pidFile) { consoleSocket in
            .exec(id: context.containerID, processFile: processFile, pidFile: pidFile, consoleSocket: consoleSocket)
        }
    }

    private func restore(_ paths: StdioPaths, _ checkpoint: RuncOperation.CheckpointArguments) async throws(ShimError) -> Int32 {
        let bundle = context.bundle
        return try await launch(paths, pidFile: bundle.initPidFile) { consoleSocket in
            .restore(id: context.containerID, bundle: bundle.path, pidFile: bundle.initPidFile,
                     consoleSocket: consoleSocket, noPivot: context.options.noPivotRoot, options: checkpoint)
        }
    }

    /// Runs a runtime call that leaves a detached process behind with this process's stdio,
    /// adopts the terminal if any, reads the pid file and starts monitoring.
    private func launch(
        _ paths: StdioPaths, pidFile: String, _ operation: (String?) -> RuncOperation
    ) async throws(ShimError) -> Int32 {
        let stdio = try await context.makeStdio(paths)
        state.withLock { $0.stdio = stdio }
        var console: (any RuncConsoleSocket)?
        do {
            if paths.terminal { console = try context.ioFactory.makeConsoleSocket() }
            defer { console?.close() }
            try await context.command.run(
                operation(console?.path), stdin: stdio.childStdin, stdout: stdio.childStdout, stderr: stdio.childStderr)
            if let console { try stdio.attachConsole(master: try await console.receiveMaster()) }
            stdio.closeChildEnds()
            let pid = try RuncBundle.readPid(pidFile)
            // Before `monitor` claims the exit: the handle must be opened while unreaped.
            let handle = Reaper.shared.handle(for: pid)
            state.withLock { $0.handle = handle }
            monitor(pid: pid)
            return pid
        } catch {
            state.withLock { $0.stdio = nil }
            stdio.close()
            throw error
        }
    }
}
#endif
