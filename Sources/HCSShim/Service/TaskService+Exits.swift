/// The exit path: the init from `Create` on, and every exec once started, gets a watcher task
/// that awaits the backend's `wait()` and reports back to the actor, which orders the events.
///
/// Ordering contract (containerd's runc-v2 ≥ 1.6.29): a process's `TaskExit` follows its
/// start event (an exec's watcher is created only after its start event is queued; an init
/// exit that arrives while `Start` is in flight is held until the start event is); exec exits
/// precede the init's (the init's exit is held in `pendingInitExit` until no exec is alive,
/// and `Wait` on init returns only then); a container sharing its parent's pid namespace has
/// its remaining processes killed when init exits, so the wait cannot hang.
extension TaskService {
    /// SIGKILL, the signal used to reap the rest of a container when its init dies.
    static let killSignal: Int32 = 9

    /// Starts the watcher of one process of `container`. Its report is dropped if the container
    /// was deleted meanwhile (a later container may reuse the id).
    func watchExit(of managed: ManagedProcess, in container: ManagedContainer) {
        let process = managed.process
        let containerID = managed.containerID
        let execID = managed.execID
        Task { [weak container] in
            let status = await process.wait()
            guard let container else { return }
            await self.processExited(container, containerID: containerID, execID: execID, status: status)
        }
    }

    func processExited(_ watched: ManagedContainer, containerID: String, execID: String, status: ExitStatus) async {
        // An OOM kill is reported before the exit it caused, even if its notification lags.
        if execID.isEmpty { await reconcileOOM(containerID: containerID, notified: false) }
        guard let container = containers[containerID], container === watched else { return }
        if execID.isEmpty {
            guard container.pendingInitExit == nil, container.initProcess.lifecycle.exit == nil else { return }
            container.pendingInitExit = status
            if container.hasLiveExecs && container.system.killAllOnInitExit {
                // Errors are expected here (the processes may already be gone); the exec
                // watchers report whatever actually happened.
                try? await container.system.signalAll(Self.killSignal)
            }
        } else if let exec = container.execs[execID] {
            if exec.recordExit(status) {
                publisher.publish(.exit(containerID: containerID, id: execID, pid: exec.lifecycle.pid, status: status))
            }
        }
        finishInitExitIfReady(container)
    }

    /// Publishes the held-back init exit once no exec can still exit and no `Start` of the
    /// init is in flight (its start event comes first).
    func finishInitExitIfReady(_ container: ManagedContainer) {
        guard let status = container.pendingInitExit, !container.hasLiveExecs else { return }
        if case .starting = container.initProcess.lifecycle.state { return }
        container.pendingInitExit = nil
        let initProcess = container.initProcess
        if initProcess.recordExit(status) {
            publisher.publish(.exit(
                containerID: container.id, id: initProcess.eventID, pid: initProcess.lifecycle.pid, status: status))
        }
    }

    /// Forwards the container's OOM notifications as `/tasks/oom` events until it is deleted.
    func watchOOM(of container: ManagedContainer) async {
        guard container.oomWatcher == nil else { return }
        let events = container.system.oomEvents()
        let id = container.id
        container.oomWatcher = Task {
            for await _ in events { await self.reconcileOOM(containerID: id, notified: true) }
        }
        container.oomBaseline = await container.system.oomKillCount()
    }

    /// Publishes one `/tasks/oom` per OOM kill not yet published. With a backend that counts
    /// kills, the count decides (so a notification and the exit path never publish the same
    /// kill twice); without one, each notification publishes one event.
    func reconcileOOM(containerID: String, notified: Bool) async {
        guard let container = containers[containerID] else { return }
        let count = await container.system.oomKillCount()
        guard containers[containerID] === container else { return }
        guard let count, let baseline = container.oomBaseline else {
            if notified { publisher.publish(.oom(containerID: containerID)) }
            return
        }
        let kills = count >= baseline ? count - baseline : 0
        while container.oomPublished < kills {
            container.oomPublished += 1
            publisher.publish(.oom(containerID: containerID))
        }
    }
}
