import Synchronization

/// One process in an HCS compute system: the init process or an exec.
///
/// Created by `HCSComputeSystem` with its parameters already built; nothing exists in HCS until
/// `start()`. Once started, a watcher task waits for HCS's exit notification, stops the system
/// when this is the init process (the seed's `waitExit`), and only then completes `wait()`, so a
/// waiter on the init sees the container torn down. Thread-safe: `state` is never held across
/// an HCS call.
public final class HCSProcess: ComputeProcess, Sendable {
    /// The exit code reported when HCS cannot tell it (the wait itself failed). The seed reported
    /// Go's zero value, i.e. success, for a process whose exit it never observed.
    public static let unknownExitCode: UInt32 = 255

    enum Role: Sendable { case initProcess, exec }

    /// How long an exec may outlive its stopped system before it is reported exited with
    /// `unknownExitCode`: HCS normally notifies every process's exit when the system stops, and
    /// this bounds the wait (and the init's exit event, which the service holds back until every
    /// exec has exited) if a notification never comes.
    public static let defaultOrphanGrace: Duration = .seconds(5)

    public let id: String
    let role: Role
    let parameters: HCSProcessParameters
    let stdio: StdioPaths
    /// What `summary()` shows: the init's first argument, an exec's command line (the seed's).
    let command: String
    let system: HCSSystemControl
    let orphanGrace: Duration

    private struct State {
        var lifecycle = HCSProcessLifecycle.created
        var pid: UInt32 = 0
        /// Open from a successful create until `delete()`.
        var handle: HCSProcessHandle?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
    }
    private let state = Mutex(State())

    init(
        id: String, role: Role, parameters: HCSProcessParameters, stdio: StdioPaths, command: String,
        system: HCSSystemControl, orphanGrace: Duration = HCSProcess.defaultOrphanGrace
    ) {
        self.id = id
        self.role = role
        self.parameters = parameters
        self.stdio = stdio
        self.command = command
        self.system = system
        self.orphanGrace = orphanGrace
    }

    public var pid: Int32 { Int32(bitPattern: state.withLock { $0.pid }) }

    var hasExited: Bool { state.withLock { $0.lifecycle.exitStatus != nil } }

    /// For the init process: starts the compute system, then creates the process (the seed's
    /// `container.start`); when creating the process fails, the started system is terminated.
    /// Throws `.failedPrecondition` when already started, else the HCS failure's class.
    public func start() async throws -> Int32 {
        try state.withLock { (state) throws(ShimError) in try state.lifecycle.beginStart(id: id) }
        let created: HCSCreatedProcess
        do {
            if role == .initProcess { try await system.start() }
            do {
                created = try await system.api.createProcess(system.handle, parameters: parameters.json.text, stdio: stdio)
            } catch {
                throw error.shimError
            }
        } catch {
            if role == .initProcess && system.isStarted { try? await system.terminate() }
            let (status, waiters) = state.withLock { state in
                state.lifecycle.startFailed(at: .now())
                defer { state.waiters = [] }
                return (state.lifecycle.exitStatus ?? .exited(1), state.waiters)
            }
            for waiter in waiters { waiter.resume(returning: status) }
            throw error
        }
        state.withLock { state in
            state.pid = created.pid
            state.handle = created.handle
            state.lifecycle.started(pid: created.pid)
        }
        Task { await self.watchExit(created.handle) }
        if role == .exec {
            Task {
                await self.system.waitUntilStopped()
                try? await Task.sleep(for: self.orphanGrace)
                self.finish(ExitStatus(code: HCSProcess.unknownExitCode, exitedAt: .now()))
            }
        }
        return Int32(bitPattern: created.pid)
    }

    private func watchExit(_ handle: HCSProcessHandle) async {
        var code = HCSProcess.unknownExitCode
        if let exitCode = try? await system.api.waitForProcessExit(handle) { code = exitCode }
        let time = Timestamp.now()
        if role == .initProcess {
            // Nothing more to do when even the terminate fails: delete() closes the handle.
            try? await system.stop(shutdownTimeoutMilliseconds: HCSTimeout.shutdownAfterInitExit)
        }
        finish(ExitStatus(code: code, exitedAt: time))
    }

    /// Records the exit and releases every waiter; the first exit wins.
    func finish(_ status: ExitStatus) {
        let waiters = state.withLock { state -> [CheckedContinuation<ExitStatus, Never>] in
            guard state.lifecycle.exited(status) else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    public func wait() async -> ExitStatus {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> ExitStatus? in
                if let status = state.lifecycle.exitStatus { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Releases the HCS process handle; later calls do nothing.
    public func delete() async throws {
        let handle = state.withLock { state in
            defer { state.handle = nil }
            return state.handle
        }
        if let handle { system.api.closeProcess(handle) }
    }

    /// The open handle of a running process, or nil when it has not started or has exited.
    var runningHandle: HCSProcessHandle? {
        state.withLock { state in
            switch state.lifecycle {
            case .running: state.handle
            case .created, .starting, .exited: nil
            }
        }
    }

    var lifecycle: HCSProcessLifecycle { state.withLock { $0.lifecycle } }
}
