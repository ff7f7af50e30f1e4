/// Where one HCS process is in its life. Pure: one mutating function per input, no I/O.
enum HCSProcessLifecycle: Sendable, Equatable {
    /// Prepared (`exec`, or the init before `Start`); nothing exists in HCS yet.
    case created
    /// `start()` is creating it in HCS.
    case starting
    case running(pid: UInt32)
    case exited(ExitStatus)

    /// `start()` begins. Throws `.failedPrecondition` unless created.
    mutating func beginStart(id: String) throws(ShimError) {
        switch self {
        case .created: self = .starting
        case .starting, .running: throw ShimError.failedPrecondition("start \(id): the process is already started")
        case .exited: throw ShimError.failedPrecondition("start \(id): the process has exited")
        }
    }

    /// HCS created the process.
    mutating func started(pid: UInt32) {
        switch self {
        case .starting: self = .running(pid: pid)
        case .created, .running, .exited: break
        }
    }

    /// Creating the process failed: it counts as exited with status 1, as runhcs records a
    /// failed start.
    mutating func startFailed(at time: Timestamp) {
        switch self {
        case .starting, .created: self = .exited(.exited(1, at: time))
        case .running, .exited: break
        }
    }

    /// The process exited (or, still created, was killed before it ever started). Returns false
    /// when it had already exited, so the first exit wins.
    mutating func exited(_ status: ExitStatus) -> Bool {
        switch self {
        case .created, .starting, .running:
            self = .exited(status)
            return true
        case .exited:
            return false
        }
    }

    var exitStatus: ExitStatus? {
        switch self {
        case .exited(let status): status
        case .created, .starting, .running: nil
        }
    }
}
