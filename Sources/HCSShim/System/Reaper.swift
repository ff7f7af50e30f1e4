#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem
import Synchronization

/// The one owner of `wait` for the shim's children (architecture decision 7).
///
/// It collects exits and fans them out by pid. Two modes:
/// - `.allChildren` (the shim: `Signals.prepareProcess()` selects it): SIGCHLD is blocked in
///   every thread and read from a signalfd on the `EventLoop`, and a C handler writing to a
///   self-pipe catches any SIGCHLD a thread with SIGCHLD unblocked takes instead (libdispatch
///   parks an async `main` thread in `sigsuspend` with an empty mask). Each wake-up runs
///   `wait4(-1, WNOHANG)` until nothing is left, so every descendant re-parented to the
///   subreaper is reaped and no zombie accumulates. No other code may call `wait*`.
/// - `.trackedChildren` (the default, for a library inside a process that also waits for its
///   own children, such as a test runner using Foundation's `Process`): only pids spawned
///   here or awaited here are reaped, with `wait4(pid, WNOHANG)`, woken by the signalfd when
///   SIGCHLD happens to be blocked and by a 50 ms poll while anything is tracked.
///
/// Delivery contract: an exit goes to every waiter registered for its pid at that moment. An
/// exit nobody waits for yet is kept until the first `wait(pid:)` claims it — for pids spawned
/// through `spawn(_:)` until claimed, for anything else (a container init re-parented to us,
/// which may die before its pid file is read) in a bounded FIFO of `unclaimedLimit` entries.
/// Spawning runs under the reaping lock, so a pid is registered before its exit can be
/// collected and a stale exit of a recycled pid number is discarded.
///
/// Threads: reaping runs on tasks woken by the `EventLoop` or the poll; `reapLock` serializes
/// `wait4` against `spawn`; `state` guards the tables and is never held across a blocking call.
public final class Reaper: Sendable {
    public enum Mode: Sendable { case allChildren, trackedChildren }

    /// The process-wide reaper. Started on first use.
    public static let shared = Reaper()

    /// How many exits of unknown pids are remembered before the oldest is dropped.
    public let unclaimedLimit: Int

    private struct State {
        var mode = Mode.trackedChildren
        var started = false
        /// Pids spawned by us whose exit has not been claimed yet.
        var spawned: Set<Int32> = []
        var waiters: [Int32: [CheckedContinuation<ExitStatus, Never>]] = [:]
        /// Exits nobody has claimed yet, by pid.
        var exits: [Int32: ExitStatus] = [:]
        /// Unknown pids in `exits`, oldest first, for the bound.
        var unknownOrder: [Int32] = []

        /// The pids `.trackedChildren` mode reaps.
        var tracked: [Int32] { Array(spawned.union(waiters.keys)) }
    }

    private let state = Mutex(State())
    private let reapLock = Mutex(())

    public init(unclaimedLimit: Int = 1024) {
        self.unclaimedLimit = unclaimedLimit
    }

    /// Makes this reaper collect every child of the process (`wait4(-1)`). Call it once, early,
    /// from the shim's `main` (after blocking SIGCHLD), before anything else starts children.
    public func ownAllChildren() {
        state.withLock { $0.mode = .allChildren }
    }

    public var mode: Mode { state.withLock { $0.mode } }

    /// Runs `body` (which starts a child and returns its pid) so that the child's exit cannot
    /// be reaped before it is registered. Starts the reaper if needed.
    public func spawn(_ body: () throws(ShimError) -> Int32) throws(ShimError) -> Int32 {
        try start()
        return try reapLock.withLock { _ throws(ShimError) -> Int32 in
            let pid = try body()
            state.withLock { state in
                state.spawned.insert(pid)
                // A remembered exit for this pid belongs to an earlier process with the same number.
                if state.exits.removeValue(forKey: pid) != nil {
                    state.unknownOrder.removeAll { $0 == pid }
                }
            }
            return pid
        }
    }

    /// Returns the exit of `pid`: at once if it was already reaped and unclaimed, otherwise
    /// when it is reaped. Never throws; waiting for a pid that is not our child never returns.
    public func wait(pid: Int32) async -> ExitStatus {
        try? start()
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus, Never>) in
            let ready: ExitStatus? = state.withLock { state in
                if let exit = state.exits.removeValue(forKey: pid) {
                    state.unknownOrder.removeAll { $0 == pid }
                    return exit
                }
                state.waiters[pid, default: []].append(continuation)
                return nil
            }
            if let ready {
                continuation.resume(returning: ready)
            } else {
                // A child that died before anyone tracked it is still a zombie: collect it now.
                reapAll()
            }
        }
        return status
    }

    /// A handle for signalling `pid` that cannot reach a recycled pid (`ProcessHandle`), or nil
    /// when `pid` has already been reaped (there is nothing left to signal). Call it before the
    /// pid's exit is claimed through `wait(pid:)`: the pidfd is opened under the reaping lock
    /// while the exit is not yet recorded, so the pid still names our unreaped child.
    public func handle(for pid: Int32) -> ProcessHandle? {
        guard pid > 0 else { return nil }
        return reapLock.withLock { _ -> ProcessHandle? in
            if state.withLock({ $0.exits[pid] != nil }) { return nil }
            let fd = csystem_pidfd_open(pid)
            if fd >= 0 { return ProcessHandle(pid: pid, pidfd: fd) }
            switch errno {
            case ESRCH: return nil
            case ENOSYS: return ProcessHandle(pid: pid, pidfd: nil)
            // Out of descriptors or any other refusal: the plain pid still works as `kill` did.
            default: return ProcessHandle(pid: pid, pidfd: nil)
            }
        }
    }

    /// Starts reaping once: a signalfd for SIGCHLD on the event loop, plus the self-pipe
    /// handler in `.allChildren` mode or the poll in `.trackedChildren` mode. Throws `.resourceExhausted` when out of descriptors.
    public func start() throws(ShimError) {
        let (first, mode) = state.withLock { state in
            defer { state.started = true }
            return (!state.started, state.mode)
        }
        guard first else { return }
        // These descriptors live as long as the process: the reaper is never stopped.
        var wakers = [FileDescriptor(rawValue: try retryingInterrupts("signalfd SIGCHLD") { csystem_sigchld_signalfd() })]
        if mode == .allChildren {
            let pipe = try FileDescriptor.pipe(nonBlocking: true)
            _ = try retryingInterrupts("sigaction SIGCHLD") { csystem_install_sigchld_notifier(pipe.write.rawValue) }
            wakers.append(pipe.read)
        }
        for fd in wakers {
            Task.detached { [self] in
                while true {
                    do throws(ShimError) {
                        try await EventLoop.shared.waitReadable(fd.rawValue)
                    } catch {
                        return
                    }
                    while let bytes = try? fd.read(upTo: 1024), !bytes.isEmpty {}
                    reapAll()
                }
            }
        }
        if mode == .trackedChildren {
            Task.detached { [self] in
                while true {
                    try? await Task.sleep(for: .milliseconds(50))
                    if state.withLock({ !$0.tracked.isEmpty }) { reapAll() }
                }
            }
        }
        reapAll()
    }

    /// Collects exited children and delivers them. Each exit is recorded (or handed to its
    /// waiters) under the reaping lock, so `handle(for:)` never sees a pid that is reaped but
    /// not yet recorded; the waiters are resumed after the lock is released.
    private func reapAll() {
        var released: [(CheckedContinuation<ExitStatus, Never>, ExitStatus)] = []
        reapLock.withLock { _ in
            let (mode, tracked) = state.withLock { ($0.mode, $0.tracked) }
            switch mode {
            case .allChildren:
                while let (pid, exit) = Self.reap(-1) { released += record(pid: pid, exit: exit).map { ($0, exit) } }
            case .trackedChildren:
                for pid in tracked {
                    if let (pid, exit) = Self.reap(pid) { released += record(pid: pid, exit: exit).map { ($0, exit) } }
                }
            }
        }
        for (continuation, exit) in released { continuation.resume(returning: exit) }
    }

    /// One `wait4(pid, WNOHANG)`: the pid and exit of a terminated child, nil if none (or
    /// ECHILD). Stops and continues are not exits and are skipped.
    private static func reap(_ pid: Int32) -> (Int32, ExitStatus)? {
        while true {
            var status: Int32 = 0
            let result = wait4(pid, &status, WNOHANG, nil)
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return nil }
            var code: Int32 = 0
            switch csystem_decode_wait_status(status, &code) {
            case 1: return (result, .exited(code))
            case 2: return (result, .signaled(code))
            default: if pid > 0 { return nil } else { continue }
            }
        }
    }

    /// Hands one reaped exit to its waiters or remembers it. Internal for table tests.
    func deliver(pid: Int32, exit: ExitStatus) {
        for continuation in record(pid: pid, exit: exit) { continuation.resume(returning: exit) }
    }

    /// Records one reaped exit: returns the waiters to resume with it, or remembers it.
    private func record(pid: Int32, exit: ExitStatus) -> [CheckedContinuation<ExitStatus, Never>] {
        state.withLock { state in
            let known = state.spawned.remove(pid) != nil
            if let waiting = state.waiters.removeValue(forKey: pid) { return waiting }
            state.exits[pid] = exit
            if !known {
                state.unknownOrder.append(pid)
                if state.unknownOrder.count > unclaimedLimit {
                    state.exits[state.unknownOrder.removeFirst()] = nil
                }
            }
            return []
        }
    }

    /// The exits waiting to be claimed, pid → code. For tests.
    func rememberedExits() -> [Int32: UInt32] {
        state.withLock { $0.exits.mapValues(\.code) }
    }
}
