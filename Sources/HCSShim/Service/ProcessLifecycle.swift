/// The lifecycle of one process (init or exec) as the Task service sees it.
///
/// A value type with one mutating function per input and no I/O: the service brackets every
/// backend call between a `begin…` transition and its outcome, and rolls back on failure.
/// Refused transitions throw `.failedPrecondition` (or `.notFound` once deleted), the codes
/// containerd expects.
struct ProcessLifecycle: Sendable, Equatable {
    enum State: Sendable, Equatable {
        /// Created in the runtime but not started (an exec: registered, not yet spawned).
        case created(pid: UInt32)
        case starting(pid: UInt32)
        case running(pid: UInt32)
        case pausing(pid: UInt32)
        case paused(pid: UInt32)
        case stopped(pid: UInt32, ExitStatus)
        /// Delete in flight; `exit` is nil for a process deleted before it ever ran.
        case deleting(pid: UInt32, exit: ExitStatus?)
        case deleted
    }

    private(set) var state: State
    let name: String

    init(name: String, pid: UInt32 = 0) {
        self.name = name
        self.state = .created(pid: pid)
    }

    var pid: UInt32 {
        switch state {
        case .created(let pid), .starting(let pid), .running(let pid), .pausing(let pid), .paused(let pid),
            .stopped(let pid, _), .deleting(let pid, _):
            pid
        case .deleted: 0
        }
    }

    var exit: ExitStatus? {
        switch state {
        case .stopped(_, let status): status
        case .deleting(_, let status): status
        case .created, .starting, .running, .pausing, .paused, .deleted: nil
        }
    }

    var status: ProcessStatus {
        switch state {
        case .created, .starting: .created
        case .running: .running
        case .pausing: .pausing
        case .paused: .paused
        case .stopped, .deleting: .stopped
        case .deleted: .unknown
        }
    }

    /// Running, pausing or paused: the process can still exit on its own.
    var isAlive: Bool {
        switch state {
        case .running, .pausing, .paused, .starting: true
        case .created, .stopped, .deleting, .deleted: false
        }
    }

    mutating func beginStart() throws(ShimError) {
        switch state {
        case .created(let pid): state = .starting(pid: pid)
        case .starting: throw refuse("it is already starting")
        case .running, .pausing, .paused: throw refuse("it is already running")
        case .stopped: throw refuse("cannot start a stopped process")
        case .deleting, .deleted: throw gone()
        }
    }

    mutating func started(pid: UInt32) {
        if case .starting = state { state = .running(pid: pid) }
    }

    mutating func startFailed() {
        if case .starting(let pid) = state { state = .created(pid: pid) }
    }

    mutating func beginPause() throws(ShimError) {
        switch state {
        case .running(let pid): state = .pausing(pid: pid)
        case .paused: throw refuse("it is already paused")
        case .created, .starting, .pausing, .stopped: throw refuse("it is not running")
        case .deleting, .deleted: throw gone()
        }
    }

    mutating func paused() {
        if case .pausing(let pid) = state { state = .paused(pid: pid) }
    }

    mutating func pauseFailed() {
        if case .pausing(let pid) = state { state = .running(pid: pid) }
    }

    mutating func beginResume() throws(ShimError) {
        switch state {
        case .paused: return
        case .running, .pausing, .created, .starting, .stopped: throw refuse("it is not paused")
        case .deleting, .deleted: throw gone()
        }
    }

    mutating func resumed() {
        if case .paused(let pid) = state { state = .running(pid: pid) }
    }

    /// Records the exit. Returns false if the process had already stopped (a duplicate report).
    @discardableResult
    mutating func exited(_ status: ExitStatus) -> Bool {
        switch state {
        case .running(let pid), .pausing(let pid), .paused(let pid), .starting(let pid), .created(let pid):
            state = .stopped(pid: pid, status)
            return true
        case .stopped, .deleting, .deleted:
            return false
        }
    }

    mutating func beginDelete() throws(ShimError) {
        switch state {
        case .created(let pid): state = .deleting(pid: pid, exit: nil)
        case .stopped(let pid, let status): state = .deleting(pid: pid, exit: status)
        case .starting, .running, .pausing, .paused:
            throw refuse("cannot delete a running process")
        case .deleting: throw refuse("it is already being deleted")
        case .deleted: throw gone()
        }
    }

    mutating func deleteFailed() {
        if case .deleting(let pid, let exit) = state {
            state = exit.map { .stopped(pid: pid, $0) } ?? .created(pid: pid)
        }
    }

    mutating func deleted() { state = .deleted }

    private func refuse(_ why: String) -> ShimError {
        ShimError.failedPrecondition("process \(name): \(why)")
    }

    private func gone() -> ShimError {
        ShimError.notFound("process \(name) does not exist")
    }
}
