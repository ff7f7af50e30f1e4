#if os(Linux)
/// The lifecycle of one runc-managed process (init or exec), as a pure state machine: one
/// mutating function per input, no I/O. `RuncProcess` wraps each runtime call between
/// `beginStart()` and `startSucceeded()`/`startFailed()`.
///
///     created ─beginStart→ starting ─startSucceeded→ running ─exit→ exited ─delete→ deleted
///        │                    └─startFailed→ created            (exit is accepted from
///        └───────────────────────────────────────────────────→   created/starting too)
enum RuncProcessLifecycle: Equatable, Sendable {
    /// Init: created by the runtime, user program not started. Exec: prepared, no pid yet.
    case created
    case starting
    case running
    case exited(ExitStatus)
    /// Released; carries the exit reported to late waiters (255 if it never exited).
    case deleted(ExitStatus)

    mutating func beginStart() throws(ShimError) {
        switch self {
        case .created: self = .starting
        case .starting: throw .failedPrecondition("start: process is already starting")
        case .running: throw .failedPrecondition("start: process already started")
        case .exited: throw .failedPrecondition("start: process already exited")
        case .deleted: throw .notFound("start: process deleted")
        }
    }

    /// The start call succeeded. An exit recorded meanwhile stands.
    mutating func startSucceeded() {
        switch self {
        case .starting: self = .running
        case .created, .running, .exited, .deleted: break
        }
    }

    mutating func startFailed() {
        switch self {
        case .starting: self = .created
        case .created, .running, .exited, .deleted: break
        }
    }

    /// Records the exit; returns false if one was already recorded (or the process is gone).
    mutating func exit(_ status: ExitStatus) -> Bool {
        switch self {
        case .created, .starting, .running:
            self = .exited(status)
            return true
        case .exited, .deleted:
            return false
        }
    }

    /// Whether a signal may be sent: `.notFound` once the process has exited or was deleted
    /// (containerd's "process already finished").
    func checkSignal() throws(ShimError) {
        switch self {
        case .created, .starting, .running: return
        case .exited: throw .notFound("signal: process already finished")
        case .deleted: throw .notFound("signal: process not found")
        }
    }

    /// Moves to `deleted` and returns the status late waiters get; nil if already deleted.
    mutating func delete(now: Timestamp) -> ExitStatus? {
        switch self {
        case let .exited(status):
            self = .deleted(status)
            return status
        case .created, .starting, .running:
            let status = ExitStatus(code: 255, exitedAt: now)
            self = .deleted(status)
            return status
        case .deleted:
            return nil
        }
    }

    /// The final status once there is one.
    var finalStatus: ExitStatus? {
        switch self {
        case let .exited(status), let .deleted(status): status
        case .created, .starting, .running: nil
        }
    }
}
#endif
