/// Exec, signals, terminals, stdin and delete.
extension TaskService {
    /// Execs a task may hold registered and not yet started. Each holds its process spec (up
    /// to 4 MiB) until `Start` or `Delete`; containerd starts an exec right after registering
    /// it, so the number waiting is about the number of execs being made at once (an exec storm
    /// is 50), and a client that only registers is stopped here instead of at the shim's memory.
    public static let unstartedExecLimit = 256

    /// Registers an exec (not started). `.alreadyExists` for a duplicate exec id,
    /// `.failedPrecondition` once the init has exited, and also when `unstartedExecLimit` execs
    /// are already waiting to start: FAILED_PRECONDITION is the class containerd 1.6 and 2.x
    /// both keep (`errdefs.IsFailedPrecondition`; 1.6 turns RESOURCE_EXHAUSTED into Unknown), and
    /// what it asks for holds: the task's state must change (start or delete those execs) first.
    public func exec(id: String, _ spec: ExecSpec) async throws(ShimError) {
        try Identifier.validate(spec.execID, "exec id")
        let container = try container(id)
        guard container.execs[spec.execID] == nil, !container.reservedExecIDs.contains(spec.execID) else {
            throw ShimError.alreadyExists("id \(spec.execID): already exists")
        }
        guard !container.initHasExited, container.initProcess.lifecycle.isAlive else {
            throw ShimError.failedPrecondition("container \(id) init process is not running")
        }
        let unstarted = container.reservedExecIDs.count + container.execs.values.count { exec in
            if case .created = exec.lifecycle.state { true } else { false }
        }
        guard unstarted < Self.unstartedExecLimit else {
            throw ShimError.failedPrecondition(
                "container \(id): \(unstarted) execs registered and not started (the limit is \(Self.unstartedExecLimit)): start or delete them first")
        }
        container.reservedExecIDs.insert(spec.execID)
        defer { container.reservedExecIDs.remove(spec.execID) }
        let process: any ComputeProcess
        do { process = try await container.system.exec(spec) } catch { throw ShimError.classify(error) }
        container.execs[spec.execID] = ManagedProcess(
            containerID: id, execID: spec.execID, process: process, stdio: spec.stdio, pid: 0)
        publisher.publish(.execAdded(containerID: id, execID: spec.execID))
    }

    /// Signals the init (all processes with `all`) or an exec. `.notFound` once the process
    /// has exited (containerd reads that as "already finished"), `.failedPrecondition` for an
    /// exec not yet started.
    public func kill(id: String, execID: String, signal: UInt32, all: Bool) async throws(ShimError) {
        let container = try container(id)
        let managed = try container.process(execID)
        let signal = Int32(clamping: signal)
        switch managed.lifecycle.state {
        case .stopped, .deleting, .deleted:
            throw ShimError.notFound("process \(managed.lifecycle.name): process already finished")
        case .created where !managed.isInit:
            throw ShimError.failedPrecondition("process \(managed.lifecycle.name): process not created")
        case .created, .starting, .running, .pausing, .paused:
            break
        }
        do {
            if managed.isInit && all {
                try await container.system.signalAll(signal)
            } else {
                try await managed.process.signal(signal)
            }
        } catch {
            throw ShimError.classify(error)
        }
    }

    public func resizePty(id: String, execID: String, size: ConsoleSize) async throws(ShimError) {
        let managed = try container(id).process(execID)
        do { try await managed.process.resize(size) } catch { throw ShimError.classify(error) }
    }

    public func closeIO(id: String, execID: String, stdin: Bool) async throws(ShimError) {
        let managed = try container(id).process(execID)
        guard stdin else { return }
        do { try await managed.process.closeStdin() } catch { throw ShimError.classify(error) }
    }

    /// Deletes an exec, or the container (empty `execID`) with whatever execs it still has.
    /// The process must be created-but-never-started or stopped.
    public func delete(id: String, execID: String) async throws(ShimError) -> (pid: UInt32, status: ExitStatus) {
        let container = try container(id)
        let managed = try container.process(execID)
        try managed.lifecycle.beginDelete()
        let pid = managed.lifecycle.pid
        let status = managed.lifecycle.exit ?? ExitStatus(code: 0, exitedAt: .now())
        do {
            if managed.isInit {
                for exec in container.execs.values { try? await exec.process.delete() }
                try await container.system.delete()
            } else {
                try await managed.process.delete()
            }
        } catch {
            managed.lifecycle.deleteFailed()
            throw ShimError.classify(error)
        }
        managed.lifecycle.deleted()
        if managed.isInit {
            container.oomWatcher?.cancel()
            containers[id] = nil
            publisher.publish(.delete(containerID: id, execID: "", pid: pid, status: status))
        } else {
            container.execs[execID] = nil
        }
        return (pid, status)
    }
}
