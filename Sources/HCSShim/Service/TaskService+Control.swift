/// Container-wide controls: pids, pause/resume, update, stats, checkpoint.
extension TaskService {
    /// Every process of the container with the exec id of those that are execs.
    public func pids(id: String) async throws(ShimError) -> [(pid: UInt32, execID: String?)] {
        let container = try container(id)
        let pids: [Int32]
        do { pids = try await container.system.pids() } catch { throw ShimError.classify(error) }
        return pids.map { (UInt32(clamping: $0), container.execID(owning: $0)) }
    }

    public func pause(id: String) async throws(ShimError) {
        let container = try container(id)
        try container.initProcess.lifecycle.beginPause()
        do {
            try await container.system.pause()
        } catch {
            container.initProcess.lifecycle.pauseFailed()
            throw ShimError.classify(error)
        }
        container.initProcess.lifecycle.paused()
        publisher.publish(.paused(containerID: id))
    }

    public func resume(id: String) async throws(ShimError) {
        let container = try container(id)
        try container.initProcess.lifecycle.beginResume()
        do { try await container.system.resume() } catch { throw ShimError.classify(error) }
        container.initProcess.lifecycle.resumed()
        publisher.publish(.resumed(containerID: id))
    }

    /// Applies OCI `LinuxResources` JSON to a created (not yet started) or live container, as
    /// runc-v2 does. `.failedPrecondition` once the init has exited.
    public func update(id: String, resources: [UInt8], annotations: [String: String]) async throws(ShimError) {
        let container = try container(id)
        let lifecycle = container.initProcess.lifecycle
        guard lifecycle.isAlive || lifecycle.status == .created, !container.initHasExited else {
            throw ShimError.failedPrecondition("container \(id): cannot update a stopped container")
        }
        do { try await container.system.update(resources: resources, annotations: annotations) } catch {
            throw ShimError.classify(error)
        }
    }

    public func stats(id: String) async throws(ShimError) -> TypedPayload {
        let container = try container(id)
        do { return try await container.system.stats() } catch { throw ShimError.classify(error) }
    }

    public func checkpoint(id: String, _ spec: CheckpointSpec) async throws(ShimError) {
        let container = try container(id)
        try Self.requireAbsolute(spec.path, "checkpoint path")
        if !spec.workPath.isEmpty { try Self.requireAbsolute(spec.workPath, "checkpoint work path") }
        guard container.initProcess.lifecycle.isAlive else {
            throw ShimError.failedPrecondition("container \(id) is not running")
        }
        do { try await container.system.checkpoint(spec) } catch { throw ShimError.classify(error) }
        publisher.publish(.checkpointed(containerID: id, checkpoint: spec.path))
    }
}
