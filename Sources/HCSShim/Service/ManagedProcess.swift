/// The service's record of one process: the backend's handle, its lifecycle and the `Wait`
/// callers parked on it.
///
/// Confined to the `TaskService` actor (not Sendable): every field is read and written only
/// on the actor, which is what makes the lifecycle transitions atomic.
final class ManagedProcess {
    let containerID: String
    /// Empty for the init process.
    let execID: String
    let process: any ComputeProcess
    let stdio: StdioPaths
    var lifecycle: ProcessLifecycle
    private var waiters: [CheckedContinuation<ExitStatus, Never>] = []

    init(containerID: String, execID: String, process: any ComputeProcess, stdio: StdioPaths, pid: UInt32) {
        self.containerID = containerID
        self.execID = execID
        self.process = process
        self.stdio = stdio
        self.lifecycle = ProcessLifecycle(name: execID.isEmpty ? containerID : "\(containerID)/\(execID)", pid: pid)
    }

    var isInit: Bool { execID.isEmpty }

    /// The `id` of a `TaskExit`: the container id for init, the exec id otherwise.
    var eventID: String { isInit ? containerID : execID }

    /// Parks a `Wait` caller until the exit is recorded; returns at once if it already is.
    /// Runs on the caller's actor (the service), which owns this record.
    func waitForExit(isolation: isolated (any Actor)? = #isolation) async -> ExitStatus {
        if let exit = lifecycle.exit { return exit }
        return await withCheckedContinuation(isolation: isolation) { waiters.append($0) }
    }

    /// Records the exit and releases every parked `Wait`. Returns false for a duplicate report.
    func recordExit(_ status: ExitStatus) -> Bool {
        guard lifecycle.exited(status) else { return false }
        let released = waiters
        waiters.removeAll()
        for waiter in released { waiter.resume(returning: status) }
        return true
    }

    func snapshot(bundle: String) -> ProcessSnapshot {
        ProcessSnapshot(
            containerID: containerID, execID: execID, bundle: bundle, pid: lifecycle.pid,
            status: lifecycle.status, stdio: stdio, exit: lifecycle.exit)
    }
}
