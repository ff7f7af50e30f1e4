// Runtime option payloads that arrive as `TypedPayload`s: runc's (`containerd.runc.v1`) and
// CRI's generic `runtimeoptions.v1.Options`.

/// `containerd.runc.v1.Options` is the compute layer's `RuntimeOptions`: the same eleven
/// fields, so `CreateTaskRequest.options` decodes straight into what backends read.
public typealias RuncOptions = RuntimeOptions

extension RuntimeOptions: ProtobufMessage {
    public static let schema = MessageSchema(
        RuntimeOptions(), "containerd.runc.v1.Options",
        [
            .field(1, \.noPivotRoot), .field(2, \.noNewKeyring), .field(3, \.shimCgroup), .field(4, \.ioUID),
            .field(5, \.ioGID), .field(6, \.binaryName), .field(7, \.root), .field(8, \.criuPath),
            .field(9, \.systemdCgroup), .field(10, \.criuImagePath), .field(11, \.criuWorkPath),
        ])
}

/// `containerd.runc.v1.CheckpointOptions`: how to checkpoint (`CheckpointTaskRequest.options`).
public struct CheckpointOptions: ProtobufMessage, Equatable {
    /// Stop the container after checkpointing.
    public var exit: Bool
    public var openTCP: Bool
    public var externalUnixSockets: Bool
    public var terminal: Bool
    public var fileLocks: Bool
    public var emptyNamespaces: [String]
    public var cgroupsMode: String
    public var imagePath: String
    public var workPath: String

    public init(
        exit: Bool = false, openTCP: Bool = false, externalUnixSockets: Bool = false, terminal: Bool = false,
        fileLocks: Bool = false, emptyNamespaces: [String] = [], cgroupsMode: String = "", imagePath: String = "",
        workPath: String = ""
    ) {
        self.exit = exit
        self.openTCP = openTCP
        self.externalUnixSockets = externalUnixSockets
        self.terminal = terminal
        self.fileLocks = fileLocks
        self.emptyNamespaces = emptyNamespaces
        self.cgroupsMode = cgroupsMode
        self.imagePath = imagePath
        self.workPath = workPath
    }

    public static let schema = MessageSchema(
        Self(), "containerd.runc.v1.CheckpointOptions",
        [
            .field(1, \.exit), .field(2, \.openTCP), .field(3, \.externalUnixSockets), .field(4, \.terminal),
            .field(5, \.fileLocks), .field(6, \.emptyNamespaces), .field(7, \.cgroupsMode), .field(8, \.imagePath),
            .field(9, \.workPath),
        ])
}

/// `containerd.runc.v1.ProcessDetails`: `ProcessInfo.info` of an exec'd process.
public struct ProcessDetails: ProtobufMessage, Equatable {
    public var execID: String

    public init(execID: String = "") { self.execID = execID }

    public static let schema = MessageSchema(Self(), "containerd.runc.v1.ProcessDetails", [.field(1, \.execID)])
}

/// `runtimeoptions.v1.Options`: what CRI sends non-runc runtimes when their config has an
/// `options` table: a pointer to a runtime-specific configuration (`configBody` from 2.x).
public struct GenericRuntimeOptions: ProtobufMessage, Equatable {
    public var typeURL: String
    public var configPath: String
    public var configBody: [UInt8]

    public init(typeURL: String = "", configPath: String = "", configBody: [UInt8] = []) {
        self.typeURL = typeURL
        self.configPath = configPath
        self.configBody = configBody
    }

    public static let schema = MessageSchema(
        Self(), "runtimeoptions.v1.Options", [.field(1, \.typeURL), .field(2, \.configPath), .field(3, \.configBody)])
}
