#if canImport(Glibc)
import Glibc
#endif
import CSystem
import Synchronization

/// Timeouts that leave nothing behind when cancelled.
///
/// `Task.sleep` hands the executor a job for the deadline, and cancelling the sleeping task does
/// not take it back: a timeout that was not needed still wakes the process when it expires.
/// Timeouts here (ttrpc call deadlines, output drains) are almost always cancelled, so they
/// sleep on one timerfd instead, always armed for the earliest live deadline: a cancelled sleep
/// is removed and the timerfd re-armed or disarmed, and an idle shim has no timer at all.
///
/// Threads: any. `state` is guarded by its mutex; continuations are resumed outside it. The
/// timerfd is read by one task parked on the event loop for the life of the process.
final class Timers: Sendable {
    static let shared = Timers()

    private struct State {
        var deadlines = DeadlineQueue<UInt64>()   // sleep ids; cancelled ones are skipped
        var sleepers: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var unregistered: Set<UInt64> = []        // ids handed out, continuation not yet stored
        var cancelledEarly: Set<UInt64> = []      // of those, cancelled before registering
        var nextID: UInt64 = 1
        var armedFor: UInt64?                     // the deadline the timerfd is set to
    }

    private let fd: Int32
    private let state = Mutex(State())

    /// One timerfd and one parked task for the life of the process: use `shared` (tests make
    /// their own, to count only their own sleeps).
    init() {
        fd = csystem_timerfd_create()
        guard fd >= 0 else { return }
        Task.detached { [self] in await serve() }
    }

    /// Suspends for `duration`, or until the task is cancelled; true when the time passed,
    /// false when the task was cancelled (before or during the wait).
    func wait(for duration: Duration) async -> Bool {
        guard fd >= 0 else {  // no timerfd (out of descriptors at first use): the runtime's sleep
            return (try? await Task.sleep(for: duration)) != nil
        }
        let deadline = SystemClock.monotonicDeadline(after: duration)
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            state.unregistered.insert(state.nextID)
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    state.unregistered.remove(id)
                    if state.cancelledEarly.remove(id) != nil { return true }
                    state.sleepers[id] = continuation
                    state.deadlines.insert(id, deadline: deadline)
                    rearm(&state)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.unregistered.contains(id) { state.cancelledEarly.insert(id); return nil }
                defer { rearm(&state) }
                return state.sleepers.removeValue(forKey: id)
            }
            sleeper?.resume()
        }
        return !Task.isCancelled
    }

    /// Live sleeps (for leak tests).
    var pendingCount: Int { state.withLock { $0.sleepers.count } }

    /// Drops cancelled ids from the top, then points the timerfd at the earliest live deadline
    /// (or disarms it). Called with the lock held; timerfd_settime does not block.
    private func rearm(_ state: inout State) {
        while let top = state.deadlines.earliest, state.sleepers[top.item] == nil { state.deadlines.removeEarliest() }
        let target = state.deadlines.earliestDeadline
        guard target != state.armedFor else { return }
        // 0/0 disarms, so a deadline of 0 (long past) is armed as 1 ns.
        let at = target.map { max($0, 1) } ?? 0
        _ = csystem_timerfd_arm(fd, Int64(at / 1_000_000_000), Int64(at % 1_000_000_000))
        state.armedFor = target
    }

    /// Waits for the timerfd and resumes every sleeper whose deadline has passed.
    private func serve() async {
        var expirations: UInt64 = 0
        while true {
            do { try await EventLoop.shared.waitReadable(fd) } catch { return }
            _ = read(fd, &expirations, MemoryLayout<UInt64>.size)
            let due = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                var due: [CheckedContinuation<Void, Never>] = []
                let now = SystemClock.monotonicNanos()
                while let id = state.deadlines.popDue(now: now) {
                    if let sleeper = state.sleepers.removeValue(forKey: id) { due.append(sleeper) }
                }
                state.armedFor = nil  // a fired ABSTIME timer is disarmed
                rearm(&state)
                return due
            }
            for sleeper in due { sleeper.resume() }
        }
    }
}
