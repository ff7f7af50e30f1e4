/// A task event, as the shim publishes it to containerd and to its own subscribers.
///
/// The cases and their fields are containerd's `containerd.events.Task*` messages; `topic`
/// gives the `/tasks/...` topic containerd files each under.
public enum ShimEvent: Sendable, Equatable {
    case create(containerID: String, bundle: String, rootfs: [MountSpec], io: StdioPaths, checkpoint: String, pid: UInt32)
    case start(containerID: String, pid: UInt32)
    /// `id` is the container id for the init process, the exec id otherwise (containerd's convention).
    case exit(containerID: String, id: String, pid: UInt32, status: ExitStatus)
    /// Published for the init process only (`execID` empty), as runc-v2 does.
    case delete(containerID: String, execID: String, pid: UInt32, status: ExitStatus)
    case oom(containerID: String)
    case execAdded(containerID: String, execID: String)
    case execStarted(containerID: String, execID: String, pid: UInt32)
    case paused(containerID: String)
    case resumed(containerID: String)
    case checkpointed(containerID: String, checkpoint: String)

    public var topic: String {
        switch self {
        case .create: "/tasks/create"
        case .start: "/tasks/start"
        case .exit: "/tasks/exit"
        case .delete: "/tasks/delete"
        case .oom: "/tasks/oom"
        case .execAdded: "/tasks/exec-added"
        case .execStarted: "/tasks/exec-started"
        case .paused: "/tasks/paused"
        case .resumed: "/tasks/resumed"
        case .checkpointed: "/tasks/checkpointed"
        }
    }

    public var containerID: String {
        switch self {
        case .create(let id, _, _, _, _, _), .start(let id, _), .exit(let id, _, _, _), .delete(let id, _, _, _),
            .oom(let id), .execAdded(let id, _), .execStarted(let id, _, _), .paused(let id), .resumed(let id),
            .checkpointed(let id, _):
            id
        }
    }
}

/// Where the Task service sends its events.
///
/// `publish` only enqueues and never blocks or fails: the order of calls is the order of
/// delivery, which is how the service guarantees that an exit never precedes its start.
/// Implementations must be safe to call from any task.
public protocol EventPublisher: Sendable {
    func publish(_ event: ShimEvent)
}
