import Synchronization

/// Back-pressure for one server connection: the reader takes a request frame only while the
/// gate is open, so a peer that pipelines requests faster than they are answered (or never
/// reads its replies) holds a bounded amount of the shim's memory.
///
/// The gate is closed while either holds:
/// - `limit` requests are in flight: read and not yet answered, which includes a reply that is
///   built but still waiting for the socket;
/// - the connection's `FrameWriter` is stalled: a reply met a full socket and has not yet been
///   written out (the peer is not reading; containerd's ttrpc server stops reading then too).
///
/// Nothing is dropped: frames the reader has not taken stay in the kernel's socket buffer and
/// the peer's own writes block. Threads: any; one reader waits at a time.
final class RequestGate: Sendable {
    private struct State {
        var inFlight = 0
        var stalled = false
        /// Set by `open()` (server shutdown): the reader never waits again.
        var forcedOpen = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Times the reader had to wait, for tests and diagnostics.
        var pauses = 0
        /// `pauses` when the gate last reported itself drained.
        var pausesAtDrain = 0

        func isOpen(limit: Int) -> Bool { forcedOpen || (inFlight < limit && !stalled) }
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0, "a request gate must admit at least one request")
        self.limit = limit
    }

    /// One more request taken; the reader calls it before starting the request's task.
    func enter() {
        state.withLock { $0.inFlight += 1 }
    }

    /// A request answered (its final frame written, or dropped with the connection). True
    /// once per burst: the last request in flight left after the reader had to wait, which is
    /// when the memory of that burst can be given back.
    @discardableResult
    func leave() -> Bool {
        let (waiter, drained) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            state.inFlight -= 1
            let drained = state.inFlight == 0 && state.pauses > state.pausesAtDrain
            if drained { state.pausesAtDrain = state.pauses }
            return (state.isOpen(limit: limit) ? state.waiter.take() : nil, drained)
        }
        waiter?.resume()
        return drained
    }

    /// The writer met a full socket (`true`) or finished the frame it was stuck on (`false`).
    func setStalled(_ stalled: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.stalled = stalled
            return state.isOpen(limit: limit) ? state.waiter.take() : nil
        }
        waiter?.resume()
    }

    /// Opens the gate for good, so a reader paused at it sees the hang-up that follows.
    func open() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.forcedOpen = true
            return state.waiter.take()
        }
        waiter?.resume()
    }

    /// Returns once the gate is open (at once if it is).
    func waitUntilOpen() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let openNow = state.withLock { state -> Bool in
                if state.isOpen(limit: limit) { return true }
                state.pauses += 1
                state.waiter = continuation
                return false
            }
            if openNow { continuation.resume() }
        }
    }

    var inFlight: Int { state.withLock { $0.inFlight } }
    var isOpen: Bool { state.withLock { $0.isOpen(limit: limit) } }
    var pauses: Int { state.withLock { $0.pauses } }
}
