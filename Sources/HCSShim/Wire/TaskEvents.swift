// The task events a shim publishes (package `containerd.events`) and the `Envelope` they are
// forwarded in: a `TypedPayload` under the event's bare type URL, filed under its `topic`.

/// A `containerd.events` message and the topic containerd files it under.
public protocol TaskEvent: ProtobufMessage {
    /// e.g. `/tasks/exit`.
    static var topic: String { get }
}

/// `TaskIO`: the stdio paths of a created task, as in `CreateTaskRequest`.
public struct TaskIO: ProtobufMessage, Equatable {
    public var stdin: String
    public var stdout: String
    public var stderr: String
    public var terminal: Bool

    public init(stdin: String = "", stdout: String = "", stderr: String = "", terminal: Bool = false) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.terminal = terminal
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskIO",
        [.field(1, \.stdin), .field(2, \.stdout), .field(3, \.stderr), .field(4, \.terminal)])
}

/// `TaskCreate` (`/tasks/create`): the create request's bundle, rootfs, io and checkpoint
/// plus the new init pid.
public struct TaskCreate: TaskEvent, Equatable {
    public static let topic = "/tasks/create"
    public var containerID: String
    public var bundle: String
    public var rootfs: [MountSpec]
    public var io: TaskIO?
    public var checkpoint: String
    public var pid: UInt32

    public init(
        containerID: String = "", bundle: String = "", rootfs: [MountSpec] = [], io: TaskIO? = nil,
        checkpoint: String = "", pid: UInt32 = 0
    ) {
        self.containerID = containerID
        self.bundle = bundle
        self.rootfs = rootfs
        self.io = io
        self.checkpoint = checkpoint
        self.pid = pid
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskCreate",
        [
            .field(1, \.containerID), .field(2, \.bundle), .field(3, \.rootfs), .field(4, \.io),
            .field(5, \.checkpoint), .field(6, \.pid),
        ])
}

/// `TaskStart` (`/tasks/start`): the init process started.
public struct TaskStart: TaskEvent, Equatable {
    public static let topic = "/tasks/start"
    public var containerID: String
    public var pid: UInt32

    public init(containerID: String = "", pid: UInt32 = 0) {
        self.containerID = containerID
        self.pid = pid
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskStart", [.field(1, \.containerID), .field(2, \.pid)])
}

/// `TaskDelete` (`/tasks/delete`): published for the init process only, `id` left empty.
public struct TaskDelete: TaskEvent, Equatable {
    public static let topic = "/tasks/delete"
    public var containerID: String
    public var pid: UInt32
    public var exitStatus: UInt32
    public var exitedAt: Timestamp?
    public var id: String

    public init(
        containerID: String = "", pid: UInt32 = 0, exitStatus: UInt32 = 0, exitedAt: Timestamp? = nil, id: String = ""
    ) {
        self.containerID = containerID
        self.pid = pid
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
        self.id = id
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskDelete",
        [.field(1, \.containerID), .field(2, \.pid), .field(3, \.exitStatus), .field(4, \.exitedAt), .field(5, \.id)])
}

/// `TaskExit` (`/tasks/exit`): a process exited. `id` is the container id for the init
/// process (not empty, which CRI relies on) and the exec id otherwise.
public struct TaskExit: TaskEvent, Equatable {
    public static let topic = "/tasks/exit"
    public var containerID: String
    public var id: String
    public var pid: UInt32
    public var exitStatus: UInt32
    public var exitedAt: Timestamp?

    public init(
        containerID: String = "", id: String = "", pid: UInt32 = 0, exitStatus: UInt32 = 0, exitedAt: Timestamp? = nil
    ) {
        self.containerID = containerID
        self.id = id
        self.pid = pid
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
    }

    public static let schema = MessageSchema(
        Self(), "containerd.events.TaskExit",
        [.field(1, \.containerID), .field(2, \.id), .field(3, \.pid), .field(4, \.exitStatus), .field(5, \.exitedAt)])
}

/// `Envelope`: one event with its time, namespace and topic. Packs as
/// `containerd.services.events.ttrpc.v1.Envelope`; containerd 2.x's `containerd.types.Envelope`
/// has the same fields, so the bytes serve both.
///
/// containerd rejects (InvalidArgument) an envelope with a zero timestamp, a namespace or
/// topic that is not a valid identifier path, and 1.6 crashes on a missing `event`: always
/// build it with `init(_:namespace:timestamp:)`.
public struct Envelope: ProtobufMessage, Equatable {
    public var timestamp: Timestamp?
    public var namespace: String
    public var topic: String
    public var event: TypedPayload?

    public init(timestamp: Timestamp? = nil, namespace: String = "", topic: String = "", event: TypedPayload? = nil) {
        self.timestamp = timestamp
        self.namespace = namespace
        self.topic = topic
        self.event = event
    }

    /// The envelope for `event`: its topic, its bare type URL, and `timestamp`.
    public init<E: TaskEvent>(_ event: E, namespace: String, timestamp: Timestamp) {
        self.init(timestamp: timestamp, namespace: namespace, topic: E.topic, event: TypedPayload(event))
    }

    public static let schema = MessageSchema(
        Self(), "containerd.services.events.ttrpc.v1.Envelope",
        [.field(1, \.timestamp), .field(2, \.namespace), .field(3, \.topic), .field(4, \.event)])
}

/// `ForwardRequest`: the request of `containerd.services.events.ttrpc.v1.Events/Forward`
/// (answered with Empty).
public struct ForwardRequest: ProtobufMessage, Equatable {
    public var envelope: Envelope?

    public init(envelope: Envelope? = nil) { self.envelope = envelope }

    public static let schema = MessageSchema(
        Self(), "containerd.services.events.ttrpc.v1.ForwardRequest", [.field(1, \.envelope)])
}
