// Task service messages for the container as a whole: Pids, Checkpoint, Update, Stats,
// Pause/Resume, Connect, Shutdown; and the referenced `Mount` and `ProcessInfo` types.

/// `containerd.types.Mount` is the compute layer's `MountSpec`, so rootfs mounts pass from
/// `CreateTaskRequest` to the backend without conversion.
extension MountSpec: ProtobufMessage {
    public static let schema = MessageSchema(
        MountSpec(type: "", source: ""), "containerd.types.Mount",
        [.field(1, \.type), .field(2, \.source), .field(3, \.target), .field(4, \.options)])
}

/// `containerd.v1.types.ProcessInfo`: one pid of the container; `info` is
/// `containerd.runc.v1.ProcessDetails` for exec'd processes.
public struct ProcessInfo: ProtobufMessage, Equatable {
    public var pid: UInt32
    public var info: TypedPayload?

    public init(pid: UInt32 = 0, info: TypedPayload? = nil) {
        self.pid = pid
        self.info = info
    }

    public static let schema = MessageSchema(
        Self(), "containerd.v1.types.ProcessInfo", [.field(1, \.pid), .field(2, \.info)])
}

/// `PidsRequest`: list the container's processes.
public struct PidsRequest: ProtobufMessage, Equatable {
    public var id: String

    public init(id: String = "") { self.id = id }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.PidsRequest", [.field(1, \.id)])
}

/// `PidsResponse`: every process of the container.
public struct PidsResponse: ProtobufMessage, Equatable {
    public var processes: [ProcessInfo]

    public init(processes: [ProcessInfo] = []) { self.processes = processes }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.PidsResponse", [.field(1, \.processes)])
}

/// `CheckpointTaskRequest`: write a checkpoint image to `path`; `options` is
/// `containerd.runc.v1.CheckpointOptions`.
public struct CheckpointTaskRequest: ProtobufMessage, Equatable {
    public var id: String
    public var path: String
    public var options: TypedPayload?

    public init(id: String = "", path: String = "", options: TypedPayload? = nil) {
        self.id = id
        self.path = path
        self.options = options
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.CheckpointTaskRequest", [.field(1, \.id), .field(2, \.path), .field(3, \.options)])
}

/// `UpdateTaskRequest`: new resources (JSON of OCI `LinuxResources`) and annotations.
public struct UpdateTaskRequest: ProtobufMessage, Equatable {
    public var id: String
    public var resources: TypedPayload?
    public var annotations: [String: String]

    public init(id: String = "", resources: TypedPayload? = nil, annotations: [String: String] = [:]) {
        self.id = id
        self.resources = resources
        self.annotations = annotations
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.UpdateTaskRequest",
        [.field(1, \.id), .field(2, \.resources), .field(3, \.annotations)])
}

/// `StatsRequest`: ask for the container's cgroup metrics.
public struct StatsRequest: ProtobufMessage, Equatable {
    public var id: String

    public init(id: String = "") { self.id = id }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.StatsRequest", [.field(1, \.id)])
}

/// `StatsResponse`: `io.containerd.cgroups.v1.Metrics` or `io.containerd.cgroups.v2.Metrics`.
public struct StatsResponse: ProtobufMessage, Equatable {
    public var stats: TypedPayload?

    public init(stats: TypedPayload? = nil) { self.stats = stats }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.StatsResponse", [.field(1, \.stats)])
}

/// `PauseRequest`: freeze every process of the container.
public struct PauseRequest: ProtobufMessage, Equatable {
    public var id: String

    public init(id: String = "") { self.id = id }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.PauseRequest", [.field(1, \.id)])
}

/// `ResumeRequest`: thaw a paused container.
public struct ResumeRequest: ProtobufMessage, Equatable {
    public var id: String

    public init(id: String = "") { self.id = id }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.ResumeRequest", [.field(1, \.id)])
}

/// `ConnectRequest`: containerd (re)attaching to the shim.
public struct ConnectRequest: ProtobufMessage, Equatable {
    public var id: String

    public init(id: String = "") { self.id = id }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.ConnectRequest", [.field(1, \.id)])
}

/// `ConnectResponse`: the shim's own pid, the task's init pid and the shim version.
public struct ConnectResponse: ProtobufMessage, Equatable {
    public var shimPID: UInt32
    public var taskPID: UInt32
    public var version: String

    public init(shimPID: UInt32 = 0, taskPID: UInt32 = 0, version: String = "") {
        self.shimPID = shimPID
        self.taskPID = taskPID
        self.version = version
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.ConnectResponse", [.field(1, \.shimPID), .field(2, \.taskPID), .field(3, \.version)])
}

/// `ShutdownRequest`: stop the shim once no task remains (or at once with `now`).
public struct ShutdownRequest: ProtobufMessage, Equatable {
    public var id: String
    public var now: Bool

    public init(id: String = "", now: Bool = false) {
        self.id = id
        self.now = now
    }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.ShutdownRequest", [.field(1, \.id), .field(2, \.now)])
}
