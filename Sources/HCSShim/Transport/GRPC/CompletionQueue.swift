import CGRPC
import Synchronization

/// One C completion queue, the thread that polls it, and the table of operations waiting on it.
///
/// Every operation started on the queue gets a fresh integer tag, and its continuation is
/// stored under that tag *before* the C operation starts, so a completion can never overtake
/// its waiter. The polling thread removes the entry and resumes it exactly once with the
/// completion's `success` flag. Teardown is shutdown → drain → destroy: `shutdown()` refuses new
/// operations and shuts the C queue down; the core then completes everything outstanding, the
/// poller fails anything still in the table, destroys the C queue and wakes `waitUntilFinished`.
///
/// Thread-safety: all methods may be called from any thread or task. The C handle is only
/// polled by the poller thread, and destroyed by it after the shutdown event.
final class CompletionQueue: Sendable {
    /// The `cgrpc_completion_queue`, owned; destroyed by the poller after the shutdown event.
    nonisolated(unsafe) let handle: OpaquePointer
    private let runtime: GRPCRuntime
    private let state = Mutex(State())

    private struct State {
        var phase = Phase.open
        var nextTag = 1
        /// Guarded by the mutex: waiting operations, and what they keep alive (batches and
        /// calls the core still writes into) until their completion arrives.
        var pending: [Int: Pending] = [:]
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Phase { case open, shuttingDown, finished }

    private struct Pending {
        var continuation: CheckedContinuation<Bool, Never>
        var keepAlive: [any AnyObject & Sendable]
    }

    /// Creates the queue and starts its poller thread, named `name` (15 bytes at most).
    /// Throws `.resourceExhausted` when the thread cannot be started.
    init(name: String, runtime: GRPCRuntime) throws(ShimError) {
        guard let handle = cgrpc_completion_queue_create() else {
            throw ShimError(.resourceExhausted, "grpc: cannot create a completion queue")
        }
        self.handle = handle
        self.runtime = runtime
        // The poller holds a reference until it has drained and destroyed the C queue.
        let context = Unmanaged.passRetained(self).toOpaque()
        let error = cgrpc_thread_start(name, { context in
            guard let context else { return }
            Unmanaged<CompletionQueue>.fromOpaque(context).takeRetainedValue().poll()
        }, context)
        if error != 0 {
            Unmanaged<CompletionQueue>.fromOpaque(context).release()
            cgrpc_completion_queue_destroy(handle)
            throw ShimError(.resourceExhausted, "grpc: cannot start the completion queue thread (errno \(error))")
        }
    }

    /// Runs `start(tag)`, which must start exactly one C operation completing on this queue
    /// with `tag` and return true, or return false when it could not start one. Returns the
    /// completion's success flag; false also when the queue is shutting down or `start` failed.
    /// `keepAlive` is retained until the completion arrives.
    ///
    /// `start` runs under the queue's lock: the core aborts the process if an operation starts
    /// on a queue already shut down, so starting and `shutdown()` must not interleave. The
    /// lock is never taken by the core's own callbacks (completions go through the queue, to
    /// the poller), so this cannot deadlock.
    func submit(keepAlive: [any AnyObject & Sendable], _ start: (Int) -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let started = state.withLock { state -> Bool in
                guard case .open = state.phase else { return false }
                let tag = state.nextTag
                state.nextTag = tag == Int.max ? 1 : tag + 1
                state.pending[tag] = Pending(continuation: continuation, keepAlive: keepAlive)
                guard start(tag) else {
                    state.pending[tag] = nil
                    return false
                }
                return true
            }
            if !started { continuation.resume(returning: false) }
        }
    }

    /// Refuses new operations and shuts the C queue down; idempotent and non-blocking.
    func shutdown() {
        state.withLock { state in
            guard case .open = state.phase else { return }
            state.phase = .shuttingDown
            // Under the lock, so no `submit` is between its check and its start.
            cgrpc_completion_queue_shutdown(handle)
        }
    }

    /// Returns once the poller has drained and destroyed the C queue.
    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if case .finished = state.phase { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Operations started and not yet completed, for leak tests.
    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// The poller: runs on its own thread until the shutdown event. The finite timeout keeps a
    /// stuck core visible in a debugger rather than parked forever in one C call.
    private func poll() {
        var tag = 0
        var success: Int32 = 0
        while true {
            switch cgrpc_completion_queue_next(handle, 1000, &tag, &success) {
            case .CGRPC_EVENT_TIMEOUT:
                continue
            case .CGRPC_EVENT_COMPLETE:
                let pending = state.withLock { $0.pending.removeValue(forKey: tag) }
                pending?.continuation.resume(returning: success != 0)
            case .CGRPC_EVENT_SHUTDOWN:
                finish()
                return
            }
        }
    }

    private func finish() {
        let (pending, waiters) = state.withLock { state in
            state.phase = .finished
            let drained = (Array(state.pending.values), state.finishWaiters)
            state.pending.removeAll()
            state.finishWaiters.removeAll()
            return drained
        }
        // The core reports shutdown only after every tag completed, so this is normally empty.
        for entry in pending { entry.continuation.resume(returning: false) }
        cgrpc_completion_queue_destroy(handle)
        for waiter in waiters { waiter.resume() }
    }
}
