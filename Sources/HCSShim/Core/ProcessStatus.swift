/// A process's status as containerd's `containerd.v1.types.Status` enum numbers it.
public enum ProcessStatus: UInt32, Sendable, Equatable {
    case unknown = 0
    case created = 1
    case running = 2
    case stopped = 3
    case paused = 4
    case pausing = 5
}

/// A snapshot of one process for `State`.
public struct ProcessSnapshot: Sendable, Equatable {
    public var containerID: String
    /// Empty for the init process.
    public var execID: String
    public var bundle: String
    public var pid: UInt32
    public var status: ProcessStatus
    public var stdio: StdioPaths
    /// Set once the process has exited.
    public var exit: ExitStatus?

    public init(
        containerID: String, execID: String, bundle: String, pid: UInt32, status: ProcessStatus,
        stdio: StdioPaths, exit: ExitStatus?
    ) {
        self.containerID = containerID
        self.execID = execID
        self.bundle = bundle
        self.pid = pid
        self.status = status
        self.stdio = stdio
        self.exit = exit
    }
}
