#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem
import Synchronization

/// The one owner of `wait` in this process (architecture decision 7).
///
/// SIGCHLD wakes it — through a signalfd when the signal is blocked in every thread
/// (`Signals.prepareProcess()`), and through a self-pipe written by a C handler otherwise — and
/// it then calls `wait4(-1, WNOHANG)` until nothing is left, fanning each exit out by pid. No
/// other code in the process may call `wait*`: a second reaper would steal exits.
///
/// Delivery contract: an exit goes to every waiter registered for its pid at that moment. An
/// exit nobody waits for yet is kept until the first `wait(pid:)` claims it:
/// - for pids spawned through `spawn(_:)` it is kept until claimed (the spawner always waits);
/// - for anything else (a container init re-parented to us, which may die before its pid file
///   is read) it is kept in a bounded FIFO of `unclaimedLimit` entries.
/// Spawning runs under the same lock as reaping, so a pid is registered before its exit can
/// be collected and a stale unclaimed exit of a recycled pid is discarded.
///
/// Threads: the reap loop runs as a task suspended on the `EventLoop`; `reapLock` serializes
/// `wait4` against `spawn`; `state` guards the tables and is never held across a syscall.
public final class Reaper: Sendable {
    /// The process-wide reaper. Started on first use.
    public static let shared = Reaper()

    /// How many exits of unknown pids are remembered before the oldest is dropped.
    public let unclaimedLimit: Int

    private struct State {
        var started = false
        /// Pids spawned by us whose exit has not been claimed yet.
        var spawned: Set<Int32> = []
        var waiters: [Int32: [CheckedContinuation<ExitStatus, Never>]] = [:]
        /// Exits nobody has claimed yet, by pid.
        var exits: [Int32: ExitStatus] = [:]
        /// Unknown pids in `exits`, oldest first, for the bound.
        var unknownOrder: [Int32] = []
    }

    private let state = Mutex(State())
    private let reapLock = Mutex(())

    public init(unclaimedLimit: Int = 1024) {
        self.unclaimedLimit = unclaimedLimit
    }

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
        return await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus, Never>) in
            let ready: ExitStatus? = state.withLock { state in
                if let exit = state.exits.removeValue(forKey: pid) {
                    state.unknownOrder.removeAll { $0 == pid }
                    return exit
                }
                state.waiters[pid, default: []].append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Starts the reap loop once: opens the signalfd and the self-pipe, installs the handler and
    /// reaps whatever already exited. Throws `.resourceExhausted` when out of descriptors.
    public func start() throws(ShimError) {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let signalFD = try retryingInterrupts("signalfd SIGCHLD") { csystem_sigchld_signalfd() }
        let pipe = try FileDescriptor.pipe(nonBlocking: true)
        _ = try retryingInterrupts("sigaction SIGCHLD") { csystem_install_sigchld_notifier(pipe.write.rawValue) }
        // These descriptors live as long as the process: the reaper is never stopped.
        for fd in [FileDescriptor(rawValue: signalFD), pipe.read] {
            Task.detached { [self] in
                while true {
                    do throws(ShimError) {
                        try await EventLoop.shared.waitReadable(fd.rawValue)
                    } catch {
                        return
                    }
                    drain(fd)
                    reapAll()
                }
            }
        }
        reapAll()
    }

    /// Collects every exited child (`wait4(-1, WNOHANG)` until 0 or ECHILD) and delivers them.
    private func reapAll() {
        var reaped: [(Int32, ExitStatus)] = []
        reapLock.withLock { _ in
            while true {
                var status: Int32 = 0
                let pid = wait4(-1, &status, WNOHANG, nil)
                if pid < 0 && errno == EINTR { continue }
                if pid <= 0 { break }
                var code: Int32 = 0
                switch csystem_decode_wait_status(status, &code) {
                case 1: reaped.append((pid, .exited(code)))
                case 2: reaped.append((pid, .signaled(code)))
                default: continue  // stopped/continued: not an exit
                }
            }
        }
        for (pid, exit) in reaped { deliver(pid: pid, exit: exit) }
    }

    /// Hands one reaped exit to its waiters or remembers it. Internal for table tests.
    func deliver(pid: Int32, exit: ExitStatus) {
        let waiting: [CheckedContinuation<ExitStatus, Never>] = state.withLock { state in
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
        for continuation in waiting { continuation.resume(returning: exit) }
    }

    /// The exits waiting to be claimed, pid → code. For tests.
    func rememberedExits() -> [Int32: UInt32] {
        state.withLock { $0.exits.mapValues(\.code) }
    }

    /// Empties a signalfd or the self-pipe so the next readiness means a new SIGCHLD.
    private func drain(_ fd: FileDescriptor) {
        while let bytes = try? fd.read(upTo: 1024), !bytes.isEmpty {}
    }
}
