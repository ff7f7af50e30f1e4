internal import Proto

// Task service messages that address one process: Exec, ResizePty, Kill, CloseIO, State.

/// `containerd.v1.types.Status` is Core's `ProcessStatus`, so `State` answers with the
/// service's own value. Numbers this build does not know decode as `.unknown`.
public typealias TaskStatus = ProcessStatus

extension ProcessStatus: CFieldValue {
    static let codec = FieldCodec<ProcessStatus>(
        stride: MemoryLayout<Int32>.stride, cTypes: [PROTOBUF_C_TYPE_ENUM.rawValue],
        load: { ProcessStatus(rawValue: UInt32(bitPattern: $0.load(as: Int32.self))) ?? .unknown },
        store: { value, slot, _ in slot.storeBytes(of: Int32(bitPattern: value.rawValue), as: Int32.self) })
}

/// `ExecProcessRequest`: add a process to a running container (answered with Empty).
public struct ExecProcessRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String
    public var terminal: Bool
    public var stdin: String
    public var stdout: String
    public var stderr: String
    /// The OCI `Process` as JSON, type URL `types.containerd.io/opencontainers/runtime-spec/1/Process`.
    public var spec: TypedPayload?

    public init(
        id: String = "", execID: String = "", terminal: Bool = false, stdin: String = "", stdout: String = "",
        stderr: String = "", spec: TypedPayload? = nil
    ) {
        self.id = id
        self.execID = execID
        self.terminal = terminal
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.spec = spec
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.ExecProcessRequest",
        [
            .field(1, \.id), .field(2, \.execID), .field(3, \.terminal), .field(4, \.stdin), .field(5, \.stdout),
            .field(6, \.stderr), .field(7, \.spec),
        ])
}

/// `ResizePtyRequest`: set a process's terminal size in character cells.
public struct ResizePtyRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String
    public var width: UInt32
    public var height: UInt32

    public init(id: String = "", execID: String = "", width: UInt32 = 0, height: UInt32 = 0) {
        self.id = id
        self.execID = execID
        self.width = width
        self.height = height
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.ResizePtyRequest",
        [.field(1, \.id), .field(2, \.execID), .field(3, \.width), .field(4, \.height)])
}

/// `KillRequest`: signal a process; `all` signals every process of the container.
public struct KillRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String
    public var signal: UInt32
    public var all: Bool

    public init(id: String = "", execID: String = "", signal: UInt32 = 0, all: Bool = false) {
        self.id = id
        self.execID = execID
        self.signal = signal
        self.all = all
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.KillRequest",
        [.field(1, \.id), .field(2, \.execID), .field(3, \.signal), .field(4, \.all)])
}

/// `CloseIORequest`: close a process's stdin (when `stdin` is true).
public struct CloseIORequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String
    public var stdin: Bool

    public init(id: String = "", execID: String = "", stdin: Bool = false) {
        self.id = id
        self.execID = execID
        self.stdin = stdin
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.CloseIORequest", [.field(1, \.id), .field(2, \.execID), .field(3, \.stdin)])
}

/// `StateRequest`: ask for a process's state.
public struct StateRequest: ProtobufMessage, Equatable {
    public var id: String
    public var execID: String

    public init(id: String = "", execID: String = "") {
        self.id = id
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.StateRequest", [.field(1, \.id), .field(2, \.execID)])
}

/// `StateResponse`: a process's state, its stdio and, once stopped, how it ended.
public struct StateResponse: ProtobufMessage, Equatable {
    public var id: String
    public var bundle: String
    public var pid: UInt32
    public var status: TaskStatus
    public var stdin: String
    public var stdout: String
    public var stderr: String
    public var terminal: Bool
    public var exitStatus: UInt32
    public var exitedAt: Timestamp?
    public var execID: String

    public init(
        id: String = "", bundle: String = "", pid: UInt32 = 0, status: TaskStatus = .unknown, stdin: String = "",
        stdout: String = "", stderr: String = "", terminal: Bool = false, exitStatus: UInt32 = 0,
        exitedAt: Timestamp? = nil, execID: String = ""
    ) {
        self.id = id
        self.bundle = bundle
        self.pid = pid
        self.status = status
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.terminal = terminal
        self.exitStatus = exitStatus
        self.exitedAt = exitedAt
        self.execID = execID
    }

    public static let schema = MessageSchema(
        Self(), "containerd.task.v2.StateResponse",
        [
            .field(1, \.id), .field(2, \.bundle), .field(3, \.pid), .field(4, \.status), .field(5, \.stdin),
            .field(6, \.stdout), .field(7, \.stderr), .field(8, \.terminal), .field(9, \.exitStatus),
            .field(10, \.exitedAt), .field(11, \.execID),
        ])
}
