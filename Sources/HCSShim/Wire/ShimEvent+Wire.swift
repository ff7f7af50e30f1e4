// ShimEvent (the service's event vocabulary) to and from the containerd.events messages.

extension ShimEvent {
    /// The event as containerd receives it: its `containerd.events` message in an Any.
    public var payload: TypedPayload {
        switch self {
        case .create(let containerID, let bundle, let rootfs, let io, let checkpoint, let pid):
            let taskIO = TaskIO(stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, terminal: io.terminal)
            return TypedPayload(
                TaskCreate(
                    containerID: containerID, bundle: bundle, rootfs: rootfs, io: taskIO, checkpoint: checkpoint, pid: pid))
        case .start(let containerID, let pid):
            return TypedPayload(TaskStart(containerID: containerID, pid: pid))
        case .exit(let containerID, let id, let pid, let status):
            return TypedPayload(
                TaskExit(containerID: containerID, id: id, pid: pid, exitStatus: status.code, exitedAt: status.exitedAt))
        case .delete(let containerID, let execID, let pid, let status):
            return TypedPayload(
                TaskDelete(
                    containerID: containerID, pid: pid, exitStatus: status.code, exitedAt: status.exitedAt, id: execID))
        case .oom(let containerID):
            return TypedPayload(TaskOOM(containerID: containerID))
        case .execAdded(let containerID, let execID):
            return TypedPayload(TaskExecAdded(containerID: containerID, execID: execID))
        case .execStarted(let containerID, let execID, let pid):
            return TypedPayload(TaskExecStarted(containerID: containerID, execID: execID, pid: pid))
        case .paused(let containerID):
            return TypedPayload(TaskPaused(containerID: containerID))
        case .resumed(let containerID):
            return TypedPayload(TaskResumed(containerID: containerID))
        case .checkpointed(let containerID, let checkpoint):
            return TypedPayload(TaskCheckpointed(containerID: containerID, checkpoint: checkpoint))
        }
    }

    /// Decodes a task event Any (bare or prefixed type URL). Throws `.invalidArgument` for a
    /// type that is not a `containerd.events.Task*` event or for malformed bytes.
    public init(_ payload: TypedPayload) throws(ShimError) {
        switch payload.messageName {
        case TaskCreate.protobufName:
            let event = try payload.unpacked(as: TaskCreate.self)
            let io = event.io ?? TaskIO()
            self = .create(
                containerID: event.containerID, bundle: event.bundle, rootfs: event.rootfs,
                io: StdioPaths(stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, terminal: io.terminal),
                checkpoint: event.checkpoint, pid: event.pid)
        case TaskStart.protobufName:
            let event = try payload.unpacked(as: TaskStart.self)
            self = .start(containerID: event.containerID, pid: event.pid)
        case TaskExit.protobufName:
            let event = try payload.unpacked(as: TaskExit.self)
            self = .exit(
                containerID: event.containerID, id: event.id, pid: event.pid,
                status: ExitStatus(code: event.exitStatus, exitedAt: event.exitedAt ?? Timestamp(seconds: 0, nanos: 0)))
        case TaskDelete.protobufName:
            let event = try payload.unpacked(as: TaskDelete.self)
            self = .delete(
                containerID: event.containerID, execID: event.id, pid: event.pid,
                status: ExitStatus(code: event.exitStatus, exitedAt: event.exitedAt ?? Timestamp(seconds: 0, nanos: 0)))
        case TaskOOM.protobufName:
            self = .oom(containerID: try payload.unpacked(as: TaskOOM.self).containerID)
        case TaskExecAdded.protobufName:
            let event = try payload.unpacked(as: TaskExecAdded.self)
            self = .execAdded(containerID: event.containerID, execID: event.execID)
        case TaskExecStarted.protobufName:
            let event = try payload.unpacked(as: TaskExecStarted.self)
            self = .execStarted(containerID: event.containerID, execID: event.execID, pid: event.pid)
        case TaskPaused.protobufName:
            self = .paused(containerID: try payload.unpacked(as: TaskPaused.self).containerID)
        case TaskResumed.protobufName:
            self = .resumed(containerID: try payload.unpacked(as: TaskResumed.self).containerID)
        case TaskCheckpointed.protobufName:
            let event = try payload.unpacked(as: TaskCheckpointed.self)
            self = .checkpointed(containerID: event.containerID, checkpoint: event.checkpoint)
        default:
            throw ShimError.invalidArgument("decode event: \"\(payload.typeURL)\" is not a task event")
        }
    }
}

extension Envelope {
    /// The envelope forwarding `event`: its topic and payload, stamped with `timestamp`.
    public init(_ event: ShimEvent, namespace: String, timestamp: Timestamp) {
        self.init(timestamp: timestamp, namespace: namespace, topic: event.topic, event: event.payload)
    }
}
