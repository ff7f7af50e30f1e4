// The remaining `containerd.events` task events: OOM, exec added/started, pause, resume,
// checkpoint.

/// `TaskOOM` (`/tasks/oom`): the container hit its memory limit; CRI marks it OOMKilled.
public struct TaskOOM: TaskEvent, Equatable {
    public static let topic = "/tasks/oom"
    public var containerID: String

    public init(containerID: String = "") { self.containerID = containerID }

    public static let schema = MessageSchema(Self(), "containerd.events.TaskOOM", [.field(1, \.containerID)])
}

/// `TaskExecAdded` (`/tasks/exec-added`): an exec was created (not yet started).
public struct TaskExecAdded: TaskEvent, Equatable {
    public static let topic = "/tasks/exec-added"
    public var containerID: String
    public var execID: String

    public init(containerID: String = "", execID: String = "") {
        self.containerID = containerID
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskExecAdded", [.field(1, \.containerID), .field(2, \.execID)])
}

/// `TaskExecStarted` (`/tasks/exec-started`): an exec started; always before its TaskExit.
public struct TaskExecStarted: TaskEvent, Equatable {
    public static let topic = "/tasks/exec-started"
    public var containerID: String
    public var execID: String
    public var pid: UInt32

    public init(containerID: String = "", execID: String = "", pid: UInt32 = 0) {
        self.containerID = containerID
        self.execID = execID
        self.pid = pid
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskExecStarted", [.field(1, \.containerID), .field(2, \.execID), .field(3, \.pid)])
}

/// `TaskPaused` (`/tasks/paused`).
public struct TaskPaused: TaskEvent, Equatable {
    public static let topic = "/tasks/paused"
    public var containerID: String

    public init(containerID: String = "") { self.containerID = containerID }

    public static let schema = MessageSchema(Self(), "containerd.events.TaskPaused", [.field(1, \.containerID)])
}

/// `TaskResumed` (`/tasks/resumed`).
public struct TaskResumed: TaskEvent, Equatable {
    public static let topic = "/tasks/resumed"
    public var containerID: String

    public init(containerID: String = "") { self.containerID = containerID }

    public static let schema = MessageSchema(Self(), "containerd.events.TaskResumed", [.field(1, \.containerID)])
}

/// `TaskCheckpointed` (`/tasks/checkpointed`): a checkpoint image was written.
public struct TaskCheckpointed: TaskEvent, Equatable {
    public static let topic = "/tasks/checkpointed"
    public var containerID: String
    public var checkpoint: String

    public init(containerID: String = "", checkpoint: String = "") {
        self.containerID = containerID
        self.checkpoint = checkpoint
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskCheckpointed", [.field(1, \.containerID), .field(2, \.checkpoint)])
}
