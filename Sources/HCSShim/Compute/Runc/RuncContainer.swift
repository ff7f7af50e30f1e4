#if os(Linux)
import Synchronization

/// One container driven through the OCI runtime CLI, with containerd runc-v2 semantics:
/// the rootfs mounts go onto `<bundle>/rootfs`, `runc create` starts the init (stopped before
/// the user program), its pid comes from `<bundle>/init.pid`, and the init is re-parented to
/// the shim (the subreaper), whose `Reaper` reports its exit.
///
/// Threads: `state` guards the deletion flag and the OOM stream; no lock is held across a
/// runtime call.
final class RuncContainer: ComputeSystem {
    let id: String
    let context: RuncContext
    let runcInit: RuncProcess
    let killAllOnInitExit: Bool
    /// Whether this container mounted `<bundle>/rootfs` (and so must unmount it).
    let mountedRootfs: Bool

    private struct State {
        var deleted = false
        var oomWatcher: CgroupOOMWatcher?
        /// The init's cgroups, located once while it runs (the directories outlive its exit
        /// until the runtime deletes the container).
        var cgroups: Cgroups.Paths?
    }
    private let state = Mutex(State())
    private let oomStream: AsyncStream<Void>
    private let oomContinuation: AsyncStream<Void>.Continuation

    var initProcess: any ComputeProcess { runcInit }

    init(context: RuncContext, initProcess: RuncProcess, killAllOnInitExit: Bool, mountedRootfs: Bool) {
        self.id = context.containerID
        self.context = context
        self.runcInit = initProcess
        self.killAllOnInitExit = killAllOnInitExit
        self.mountedRootfs = mountedRootfs
        (oomStream, oomContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(16))
    }

    func exec(_ spec: ExecSpec) async throws -> any ComputeProcess {
        guard !spec.execID.isEmpty else { throw ShimError.invalidArgument("exec: empty exec id") }
        guard !spec.processJSON.isEmpty else { throw ShimError.invalidArgument("exec \(spec.execID): empty process spec") }
        _ = try JSONValue.decode(spec.processJSON, what: "exec \(spec.execID) process spec")
        return RuncProcess(id: spec.execID, kind: .exec(spec), context: context)
    }

    func pids() async throws -> [Int32] {
        try await context.command.pids(id: id)
    }

    func signalAll(_ signal: Int32) async throws {
        try await context.command.run(.kill(id: id, signal: signal, all: true))
    }

    /// `runc delete` (with `--force` if the plain delete fails for another reason than "gone"),
    /// then the init's stdio is released, the rootfs unmounted and the OOM watch stopped.
    func delete() async throws {
        let first = state.withLock { state in
            defer { state.deleted = true }
            return !state.deleted
        }
        guard first else { return }
        do {
            try await deleteFromRuntime()
        } catch {
            state.withLock { $0.deleted = false }
            throw error
        }
        try await runcInit.delete()
        let watcher = state.withLock { state in
            defer { state.oomWatcher = nil }
            return state.oomWatcher
        }
        watcher?.stop()
        oomContinuation.finish()
        if mountedRootfs { try Mount.unmountAll(context.bundle.rootfsPath) }
    }

    private func deleteFromRuntime() async throws(ShimError) {
        do {
            try await context.command.run(.delete(id: id, force: false))
        } catch {
            if error.code == .notFound { return }
            do {
                try await context.command.run(.delete(id: id, force: true))
            } catch {
                if error.code != .notFound { throw error }
            }
        }
    }

    func pause() async throws {
        try await context.command.run(.pause(id: id))
    }

    func resume() async throws {
        try await context.command.run(.resume(id: id))
    }

    /// `runc update --resources -` with the client's `LinuxResources` JSON; annotations are
    /// ignored as by runc-v2. A stopped container is `.failedPrecondition`.
    func update(resources: [UInt8], annotations: [String: String]) async throws {
        if runcInit.lifecycle.finalStatus != nil {
            throw ShimError.failedPrecondition("update: cannot update a stopped container")
        }
        _ = try JSONValue.decode(resources, what: "update resources")
        try await context.command.run(.update(id: id), input: resources)
    }

    /// `runc checkpoint` (CRIU). Leaves the container running unless `spec.exit`.
    func checkpoint(_ spec: CheckpointSpec) async throws {
        let workPath = !spec.workPath.isEmpty ? spec.workPath
            : !context.options.criuWorkPath.isEmpty ? context.options.criuWorkPath
            : context.bundle.path + "/criu-work"
        let arguments = RuncOperation.CheckpointArguments(
            imagePath: spec.path, workPath: workPath, leaveRunning: !spec.exit,
            tcpEstablished: spec.openTCP, externalUnixSockets: spec.externalUnixSockets,
            shellJob: spec.terminal, fileLocks: spec.fileLocks, emptyNamespaces: spec.emptyNamespaces,
            manageCgroupsMode: spec.cgroupsMode)
        try await context.command.run(.checkpoint(id: id, options: arguments))
    }

    /// The cgroup metrics of the container (`io.containerd.cgroups.v1.Metrics` on v1 and hybrid
    /// hosts, `…v2.Metrics` on unified ones). Throws `.notFound` "cgroup does not exist" once
    /// the cgroup is gone or was never found.
    func stats() async throws -> TypedPayload {
        var paths = state.withLock { $0.cgroups }
        if paths == nil, runcInit.pid > 0, runcInit.lifecycle.finalStatus == nil {
            paths = try? Cgroups.paths(of: runcInit.pid)
            state.withLock { $0.cgroups = paths }
        }
        guard let paths else { throw ShimError.notFound("stats: cgroup does not exist") }
        return try RuncStats.payload(for: paths)
    }

    /// One element per OOM kill in the container's memory cgroup. Single consumer; finishes
    /// when the container is deleted.
    func oomEvents() -> AsyncStream<Void> { oomStream }

    /// The memory cgroup's OOM-kill counter, read now (nil without a watched memory cgroup).
    func oomKillCount() async -> UInt64? { state.withLock { $0.oomWatcher }?.killCount }

    /// Locates the init's cgroups (for `stats`) and starts watching its memory cgroup for OOM
    /// kills. Best effort: a container without a memory cgroup simply never reports one.
    func watchOOM(pid: Int32) {
        let cgroups = try? Cgroups.paths(of: pid)
        state.withLock { $0.cgroups = cgroups }
        let continuation = oomContinuation
        guard let watcher = try? CgroupOOMWatcher.start(pid: pid, onOOM: { continuation.yield() }) else { return }
        let stale: CgroupOOMWatcher? = state.withLock { state in
            if state.deleted { return watcher }
            state.oomWatcher = watcher
            return nil
        }
        stale?.stop()
    }
}
#endif
