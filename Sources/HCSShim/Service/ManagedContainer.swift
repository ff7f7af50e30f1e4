/// The service's record of one container: its compute system, init process and execs.
///
/// Confined to the `TaskService` actor, like `ManagedProcess`.
final class ManagedContainer {
    let spec: ContainerSpec
    let system: any ComputeSystem
    let initProcess: ManagedProcess
    var execs: [String: ManagedProcess] = [:]
    /// Exec ids reserved by an `Exec` whose backend call is still in flight.
    var reservedExecIDs: Set<String> = []
    /// The init's exit, held back until every exec has exited: containerd requires the init's
    /// `TaskExit` to be the container's last.
    var pendingInitExit: ExitStatus?
    var oomWatcher: Task<Void, Never>?
    /// The backend's OOM-kill count when the init started (nil: the backend keeps no count),
    /// and how many OOM events the service has published since.
    var oomBaseline: UInt64?
    var oomPublished: UInt64 = 0

    init(spec: ContainerSpec, system: any ComputeSystem) {
        self.spec = spec
        self.system = system
        self.initProcess = ManagedProcess(
            containerID: spec.id, execID: "", process: system.initProcess, stdio: spec.stdio,
            pid: UInt32(clamping: system.initProcess.pid))
    }

    var id: String { spec.id }

    /// The init has exited (possibly with its exit still held back).
    var initHasExited: Bool { pendingInitExit != nil || initProcess.lifecycle.exit != nil }

    /// Execs that can still exit on their own (or are being started).
    var hasLiveExecs: Bool { execs.values.contains { $0.lifecycle.isAlive } }

    func process(_ execID: String) throws(ShimError) -> ManagedProcess {
        if execID.isEmpty { return initProcess }
        try Identifier.validate(execID, "exec id")
        guard let exec = execs[execID] else { throw ShimError.notFound("process \(execID) does not exist") }
        return exec
    }

    /// The exec id owning `pid`, if an exec of this container has it.
    func execID(owning pid: Int32) -> String? {
        execs.values.first { $0.lifecycle.pid == UInt32(clamping: pid) && pid > 0 }?.execID
    }
}
