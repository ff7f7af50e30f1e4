import Synchronization

/// A Windows container as the seed ran it: one HCS compute system, its init process and the
/// processes exec'd into it.
///
/// The system is created (not started) by `HCSBackend.create`; the init's `start()` starts it.
/// When the init exits, the system is shut down (terminated when that fails), which ends every
/// other process too, so `killAllOnInitExit` is false. Thread-safe.
public final class HCSComputeSystem: ComputeSystem, Sendable {
    public let id: String
    let control: HCSSystemControl
    let spec: OCISpec
    let initHCSProcess: HCSProcess

    /// Exec'd processes by exec id, in the order they were added.
    private let execs = Mutex<[(id: String, process: HCSProcess)]>([])

    let orphanGrace: Duration

    init(
        id: String, control: HCSSystemControl, spec: OCISpec, initParameters: HCSProcessParameters, stdio: StdioPaths,
        orphanGrace: Duration = HCSProcess.defaultOrphanGrace
    ) {
        self.id = id
        self.orphanGrace = orphanGrace
        self.control = control
        self.spec = spec
        let command = spec.process?.args?.first ?? initParameters.commandLine
        initHCSProcess = HCSProcess(
            id: id, role: .initProcess, parameters: initParameters, stdio: stdio, command: command, system: control)
    }

    public var initProcess: any ComputeProcess { initHCSProcess }
    public var killAllOnInitExit: Bool { false }

    /// Prepares a process from the `Exec` request's OCI process; its working directory falls back
    /// to the init's (the seed's `AddProcess`). Throws `.invalidArgument` for a bad process spec,
    /// `.alreadyExists` for a used exec id.
    public func exec(_ spec: ExecSpec) async throws -> any ComputeProcess {
        let process = try OCIProcess.decode(spec.processJSON)
        let parameters = try HCSDocumentRenderer.execParameters(process, spec: self.spec)
        let exec = HCSProcess(
            id: spec.execID, role: .exec, parameters: parameters, stdio: spec.stdio,
            command: parameters.commandLine, system: control, orphanGrace: orphanGrace)
        try execs.withLock { (execs) throws(ShimError) in
            if execs.contains(where: { $0.id == spec.execID }) {
                throw ShimError.alreadyExists("exec \(spec.execID): the id is in use in \(id)")
            }
            execs.append((spec.execID, exec))
        }
        return exec
    }

    /// The pids the shim started: the init's, then every started exec's (the seed's
    /// `GetPidsForContainer`).
    public func pids() async throws -> [Int32] {
        summary().map(\.pid)
    }

    /// The seed's `Summary` (what `docker top` showed on Windows): pid and command of the init
    /// and of every started exec.
    public func summary() -> [HCSProcessSummary] {
        let processes = [initHCSProcess] + execs.withLock { $0.map(\.process) }
        return processes.filter { $0.pid != 0 }.map { HCSProcessSummary(pid: $0.pid, command: $0.command) }
    }

    /// Signals every exec, then the init. An exec that has already exited is skipped.
    public func signalAll(_ signal: Int32) async throws {
        for exec in execs.withLock({ $0.map(\.process) }) {
            do {
                try await exec.signal(signal)
            } catch let error as ShimError where error.code == .notFound {
                continue
            }
        }
        try await initHCSProcess.signal(signal)
    }

    /// Terminates the system unless it has already stopped (a system that was never started is
    /// terminated too, so HCS forgets it), then closes every process handle and the system handle.
    /// Idempotent; throws the terminate's failure, leaving the handles open for a retry.
    public func delete() async throws {
        if !control.isStopped {
            try await control.terminate()
        }
        for process in execs.withLock({ $0.map(\.process) }) + [initHCSProcess] {
            try await process.delete()
        }
        control.close()
    }

    public func pause() async throws {
        throw ShimError.unimplemented("pause \(id): Windows containers cannot be paused")
    }

    public func resume() async throws {
        throw ShimError.unimplemented("resume \(id): Windows containers cannot be paused")
    }

    /// Accepted and ignored, as the seed did: schema-v1 HCS cannot change a running container's
    /// limits, and refusing would fail `docker update` for every container.
    public func update(resources: [UInt8], annotations: [String: String]) async throws {}

    public func checkpoint(_ spec: CheckpointSpec) async throws {
        throw ShimError.unimplemented("checkpoint \(id): Windows containers cannot be checkpointed")
    }
}

/// One line of `HCSComputeSystem.summary()`.
public struct HCSProcessSummary: Sendable, Equatable {
    public var pid: Int32
    public var command: String

    public init(pid: Int32, command: String) {
        self.pid = pid
        self.command = command
    }
}
