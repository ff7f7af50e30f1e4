import Synchronization

/// The compute-system operations that both the system and its processes perform: start, the
/// seed's stop sequences, and closing the handle.
///
/// Processes hold this (not the `HCSComputeSystem`), so that the system owning its processes
/// makes no reference cycle. Thread-safe: the flags are guarded by `state`, which is never held
/// across an HCS call.
final class HCSSystemControl: Sendable {
    let api: any HCSAPI
    let id: String
    let handle: HCSSystemHandle

    private struct State {
        var started = false
        /// Shut down or terminated by us, or found already stopped.
        var stopped = false
        var closed = false
        /// Tasks waiting in `waitUntilStopped()`.
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    init(api: any HCSAPI, id: String, handle: HCSSystemHandle) {
        self.api = api
        self.id = id
        self.handle = handle
    }

    var isStarted: Bool { state.withLock { $0.started } }
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Starts the system. Throws the call's `ShimError`.
    func start() async throws(ShimError) {
        do {
            try await api.startComputeSystem(handle)
        } catch {
            throw error.shimError
        }
        state.withLock { $0.started = true }
    }

    /// Terminates the system. A system already stopped or gone counts as terminated, and a
    /// pending result is accepted (the stop completes asynchronously, as Docker's August 2016
    /// client treated it). Other failures throw.
    func terminate(timeoutMilliseconds: UInt32 = HCSTimeout.infinite) async throws(ShimError) {
        do {
            try await api.terminateComputeSystem(handle, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            switch error.errorClass {
            case .alreadyStopped, .notFound, .pending: break
            case .invalidState, .notSupported, .accessDenied, .timeout, .other: throw error.shimError
            }
        }
        markStopped()
    }

    /// Shuts the system down gracefully and terminates it when that fails, except for the seed's
    /// benign shutdown results (shutdown in progress, bad path name, path not found) and a system
    /// already stopped, gone or stopping. Throws only when the terminate fails too.
    func stop(shutdownTimeoutMilliseconds: UInt32) async throws(ShimError) {
        do {
            try await api.shutdownComputeSystem(handle, timeoutMilliseconds: shutdownTimeoutMilliseconds)
        } catch {
            if !HCSSystemControl.shutdownNeedsNoTerminate(error) {
                try await terminate()
                return
            }
        }
        markStopped()
    }

    static func shutdownNeedsNoTerminate(_ error: HCSCallError) -> Bool {
        switch error.result {
        case .shutdownInProgress, .badPathname, .pathNotFound: return true
        default: break
        }
        switch error.errorClass {
        case .alreadyStopped, .notFound, .pending: return true
        case .invalidState, .notSupported, .accessDenied, .timeout, .other: return false
        }
    }

    /// Returns once the system has stopped (or its handle is closed).
    func waitUntilStopped() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.stopped || state.closed { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func markStopped() {
        let waiters = state.withLock { state in
            state.stopped = true
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Closes the handle once; later calls do nothing. Releases `waitUntilStopped()` waiters.
    func close() {
        let (shouldClose, waiters) = state.withLock { state in
            defer {
                state.closed = true
                state.stopWaiters = []
            }
            return (!state.closed, state.stopWaiters)
        }
        for waiter in waiters { waiter.resume() }
        if shouldClose { api.closeComputeSystem(handle) }
    }
}
