/// A filesystem mount as containerd sends it for a task's rootfs (`containerd.types.Mount`).
public struct MountSpec: Sendable, Equatable {
    public var type: String
    public var source: String
    public var target: String
    public var options: [String]

    public init(type: String, source: String, target: String = "", options: [String] = []) {
        self.type = type
        self.source = source
        self.target = target
        self.options = options
    }
}

/// Where a process's standard streams go, as containerd names them: fifo paths, or
/// `file://`, `binary://` URIs; all empty means null IO.
public struct StdioPaths: Sendable, Equatable {
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

    public var isNull: Bool { stdin.isEmpty && stdout.isEmpty && stderr.isEmpty }
}

/// Runtime options, from `containerd.runc.v1.Options` (field numbers in `proto/`) or the
/// shim's own configuration. Empty strings mean "the backend's default".
public struct RuntimeOptions: Sendable, Equatable {
    public var noPivotRoot = false
    public var noNewKeyring = false
    public var shimCgroup = ""
    public var ioUID: UInt32 = 0
    public var ioGID: UInt32 = 0
    /// The OCI runtime binary (`runc`, `crun`, or a path).
    public var binaryName = ""
    /// The runtime's state root (`runc --root`).
    public var root = ""
    public var criuPath = ""
    public var systemdCgroup = false
    public var criuImagePath = ""
    public var criuWorkPath = ""

    public init() {}
}

/// Everything needed to create a container: the `Create` request, decoded.
public struct ContainerSpec: Sendable {
    public var id: String
    /// Absolute path of the OCI bundle (holds `config.json` and `rootfs/`).
    public var bundle: String
    public var namespace: String
    public var rootfs: [MountSpec]
    public var stdio: StdioPaths
    /// A checkpoint image directory to restore from; empty for a fresh start.
    public var checkpoint: String
    public var parentCheckpoint: String
    public var options: RuntimeOptions
    /// A runtime configuration file named by generic runtime options
    /// (`runtimeoptions.v1.Options.config_path`, what `ctr --runtime-config-path` and CRI's
    /// `ConfigPath` send), read by `RuntimeConfigFile` into `options`. Empty when none.
    public var runtimeConfigPath = ""
    /// The same configuration given inline (`config_body`, containerd 2.x).
    public var runtimeConfigBody: [UInt8] = []

    public init(
        id: String, bundle: String, namespace: String, rootfs: [MountSpec] = [],
        stdio: StdioPaths = StdioPaths(), checkpoint: String = "", parentCheckpoint: String = "",
        options: RuntimeOptions = RuntimeOptions()
    ) {
        self.id = id
        self.bundle = bundle
        self.namespace = namespace
        self.rootfs = rootfs
        self.stdio = stdio
        self.checkpoint = checkpoint
        self.parentCheckpoint = parentCheckpoint
        self.options = options
    }
}

/// An additional process in a running container: the `Exec` request, decoded.
public struct ExecSpec: Sendable {
    public var execID: String
    public var stdio: StdioPaths
    /// The OCI `Process` as JSON, exactly as the client sent it in the `spec` Any.
    public var processJSON: [UInt8]

    public init(execID: String, stdio: StdioPaths, processJSON: [UInt8]) {
        self.execID = execID
        self.stdio = stdio
        self.processJSON = processJSON
    }
}

/// A checkpoint request: where to write the image and how.
public struct CheckpointSpec: Sendable {
    public var path: String
    /// Stop the container after the checkpoint (runc `--leave-running` otherwise).
    public var exit: Bool
    public var openTCP: Bool
    public var externalUnixSockets: Bool
    public var terminal: Bool
    public var fileLocks: Bool
    public var emptyNamespaces: [String]
    public var cgroupsMode: String
    public var workPath: String

    public init(
        path: String, exit: Bool = false, openTCP: Bool = false, externalUnixSockets: Bool = false,
        terminal: Bool = false, fileLocks: Bool = false, emptyNamespaces: [String] = [],
        cgroupsMode: String = "", workPath: String = ""
    ) {
        self.path = path
        self.exit = exit
        self.openTCP = openTCP
        self.externalUnixSockets = externalUnixSockets
        self.terminal = terminal
        self.fileLocks = fileLocks
        self.emptyNamespaces = emptyNamespaces
        self.cgroupsMode = cgroupsMode
        self.workPath = workPath
    }
}
