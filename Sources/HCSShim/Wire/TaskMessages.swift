// Task service (`containerd.task.v2` / `v3`, byte-identical) messages of a task's lifecycle:
// Create, Start, Delete, Wait. `id` is always the container id; an empty `execID` names the
// init process. Schemas bind to the v2 descriptors; the v3 encoding is the same bytes.

/// `CreateTaskRequest`: create the container (not started) from a bundle.
public struct CreateTaskRequest: ProtobufMessage, Equatable {
    public var id: String
    public var bundle: String
    public var rootfs: [MountSpec]
    public var terminal: Bool
    public var stdin: String
    public var stdout: String
    public var stderr: String
    public var checkpoint: String
    public var parentCheckpoint: String
    /// Runtime options (`containerd.runc.v1.Options`, `runtimeoptions.v1.Options`, …).
    public var options: TypedPayload?

    public init(
        id: String = "", bundle: String = "", rootfs: [MountSpec] = [], terminal: Bool = false, stdin: String = "",
        stdout: String = "", stderr: String = "", checkpoint: String = "", parentCheckpoint: String = "",
        options: TypedPayload? = nil
    ) {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.terminal = terminal
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.checkpoint = checkpoint
        self.parentCheckpoint = parentCheckpoint
        self.options = options
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.CreateTaskRequest",
        [
            .field(1, \.id), .field(2, \.bundle), .field(3, \.rootfs), .field(4, \.terminal), .field(5, \.stdin),
            .field(6, \.stdout), .field(7, \.stderr), .field(8, \.checkpoint), .field(9, \.parentCheckpoint),
            .field(10, \.options),
        ])
}

/// `CreateTaskResponse`: the pid of the created init process.
public struct CreateTaskResponse: ProtobufMessage, Equatable {
    public var pid: UInt32

    public init(pid: UInt32 = 0) { self.pid = pid }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.CreateTaskResponse", [.field(1, \.pid)])
}

/// `StartRequest`: start the init process or a created exec.
public struct StartRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String

    public init(id: String = "", execID: String = "") {
        self.id = id
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.StartRequest", [.field(1, \.id), .field(2, \.execID)])
}

/// `StartResponse`: the pid of the started process.
public struct StartResponse: ProtobufMessage, Equatable {
    public var pid: UInt32

    public init(pid: UInt32 = 0) { self.pid = pid }

    public static let schema = MessageSchema(Self(), "containerd.task.v2.StartResponse", [.field(1, \.pid)])
}

/// `DeleteRequest`: delete the task (empty `execID`) or one exec'd process.
public struct DeleteRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String

    public init(id: String = "", execID: String = "") {
        self.id = id
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.DeleteRequest", [.field(1, \.id), .field(2, \.execID)])
}

/// `DeleteResponse`: how the deleted process ended. containerd expects `exitedAt` set once
/// the process has exited (1.6 reads a missing one as Go's zero time).
public struct DeleteResponse: ProtobufMessage, Equatable {
    public var pid: UInt32
    public var exitStatus: UInt32
    public var exitedAt: Timestamp?

    public init(pid: UInt32 = 0, exitStatus: UInt32 = 0, exitedAt: Timestamp? = nil) {
        self.pid = pid
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.DeleteResponse", [.field(1, \.pid), .field(2, \.exitStatus), .field(3, \.exitedAt)])
}

/// `WaitRequest`: block until the process exits.
public struct WaitRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String

    public init(id: String = "", execID: String = "") {
        self.id = id
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.WaitRequest", [.field(1, \.id), .field(2, \.execID)])
}

/// `WaitResponse`: the exit status and time of the awaited process.
public struct WaitResponse: ProtobufMessage, Equatable {
    public var exitStatus: UInt32
    public var exitedAt: Timestamp?

    public init(exitStatus: UInt32 = 0, exitedAt: Timestamp? = nil) {
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
    }

    /// The response for `status` (exit code or 128 + signal, and its time).
    public init(_ status: ExitStatus) {
        self.init(exitStatus: status.code, exitedAt: status.exitedAt)
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.WaitResponse", [.field(1, \.exitStatus), .field(2, \.exitedAt)])
}
