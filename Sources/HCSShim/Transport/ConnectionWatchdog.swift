import Synchronization

/// Hangs up a connection that leaves something unfinished for too long: an accepted socket
/// whose first bytes never name a protocol, a ttrpc frame whose rest never comes.
///
/// Armed only while something is unfinished, so an idle connection has no timer (and an idle
/// shim no wake-up); `restart()` is a store under a lock, cheap enough for every frame. When
/// the deadline passes the socket is shut down in both directions, which wakes its reader
/// with end of file; the owner then closes it as for any hang-up.
///
/// Contract: the owner calls `stop()` before closing the descriptor, so the hang-up can never
/// reach a reused descriptor number. Threads: any.
final class ConnectionWatchdog: Sendable {
    private struct State {
        var deadline: UInt64 = 0
        var task: Task<Void, Never>?
        var fired = false
    }

    let fd: Int32
    let limit: Duration
    /// What was unfinished, for the log line.
    let what: String
    private let state = Mutex(State())

    init(fd: Int32, limit: Duration, what: String) {
        self.fd = fd
        self.limit = limit
        self.what = what
    }

    /// Starts the clock unless it is running.
    func arm() {
        state.withLock { state in
            guard state.task == nil, !state.fired else { return }
            state.deadline = SystemClock.monotonicDeadline(after: limit)
            state.task = Task { [self] in await watch() }
        }
    }

    /// Moves a running clock's deadline to `limit` from now (the unfinished thing progressed).
    func restart() {
        state.withLock { state in
            if state.task != nil { state.deadline = SystemClock.monotonicDeadline(after: limit) }
        }
    }

    /// Stops the clock; nothing is unfinished any more.
    func disarm() {
        let task = state.withLock { $0.task.take() }
        task?.cancel()
    }

    /// Stops the clock and waits until the watching task has ended.
    func stop() async {
        let task = state.withLock { $0.task.take() }
        task?.cancel()
        await task?.value
    }

    var isArmed: Bool { state.withLock { $0.task != nil } }

    /// True once the deadline passed and the socket was shut down.
    var hasFired: Bool { state.withLock { $0.fired } }

    private func watch() async {
        while true {
            let deadline = state.withLock { $0.deadline }
            let now = SystemClock.monotonicNanos()
            if now >= deadline { break }
            // false: disarmed or stopped.
            guard await Timers.shared.wait(for: .nanoseconds(deadline - now)) else { return }
        }
        // Under the lock: once `stop()` has taken the task, the descriptor is not touched.
        let fired = state.withLock { state -> Bool in
            guard !Task.isCancelled, !state.fired else { return false }
            state.fired = true
            state.task = nil
            Socket.shutdown(fd)
            return true
        }
        if fired { Log.warning("dropped a connection", ["fd": fd, "unfinished": what, "after": "\(limit)"]) }
    }
}
