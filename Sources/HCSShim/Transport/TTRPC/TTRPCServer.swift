import Synchronization

/// Serves a `MethodTable` over ttrpc connections handed to it (by `ShimListener`, or directly
/// in tests).
///
/// Threads: none of its own. Each connection is one task that reads frames and starts one
/// child task per request, so a blocked `Wait` never holds up `State` on the same connection;
/// all I/O waits on `EventLoop.shared`.
final class TTRPCServer: Sendable {
    /// What one connection may hold of the shim (`docs/reliability.md`, hostile peers).
    struct Limits: Sendable {
        /// Requests read and not yet answered; at the limit the connection stops reading until
        /// one is answered. containerd keeps one connection per shim and has a `Wait` in flight
        /// per process it watches, so the limit is far above any real use (an exec storm is
        /// 50), while a flood of pipelined requests stays at a few MiB.
        var requestsInFlight = 1024
        /// How long a frame may stay incomplete (a header or data cut short while the reader
        /// waits for the peer) before the connection is dropped. A frame that completes, even
        /// of a connection idle for hours between frames, never meets it.
        var incompleteFrame: Duration = .seconds(10)
    }

    private struct State {
        var isShutDown = false
        /// Live connections' gates by descriptor, for `shutdown()`.
        var connections: [Int32: RequestGate] = [:]
    }

    let methods: MethodTable
    let limits: Limits
    private let state = Mutex(State())

    init(methods: MethodTable, limits: Limits = Limits()) {
        self.methods = methods
        self.limits = limits
    }

    /// Serves one connected, non-blocking socket until the peer hangs up, the stream turns out
    /// not to be ttrpc, or `shutdown()`. Takes ownership of `fd` and closes it.
    func serve(connection fd: Int32) {
        let gate = RequestGate(limit: limits.requestsInFlight)
        let accepted = state.withLock { state in
            guard !state.isShutDown else { return false }
            state.connections[fd] = gate
            return true
        }
        guard accepted else {
            // The listener may have waited on it while classifying: drop that registration.
            EventLoop.shared.cancelWaits(on: fd)
            Socket.close(fd)
            return
        }
        Task { [limits] in
            await TTRPCConnection(fd: fd, methods: methods, gate: gate, incompleteFrame: limits.incompleteFrame).run()
            state.withLock { _ = $0.connections.removeValue(forKey: fd) }
            EventLoop.shared.cancelWaits(on: fd)
            Socket.close(fd)
        }
    }

    /// Refuses new connections and hangs up the live ones: their readers see end of file,
    /// in-flight handlers are canceled, and each descriptor is closed once its tasks are done.
    func shutdown() {
        state.withLock { state in
            state.isShutDown = true
            // Under the lock: a connection leaves the set before its descriptor is closed. A
            // reader paused at its gate is let through to see the hang-up.
            for (fd, gate) in state.connections {
                Socket.shutdown(fd)
                gate.open()
            }
        }
    }

    /// Returns once no request of any connection is in flight (every reply written), or after
    /// `timeout` — a streaming call (an event subscription) never ends on its own. For a
    /// graceful stop: the shim waits here for `Shutdown`'s own reply before hanging up.
    func waitUntilAnswered(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while state.withLock({ $0.connections.values.contains { $0.inFlight > 0 } }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Live connections, for tests and diagnostics.
    var connectionCount: Int { state.withLock { $0.connections.count } }
}
