import Synchronization

/// Serves a `MethodTable` over ttrpc connections handed to it (by `ShimListener`, or directly
/// in tests).
///
/// Threads: none of its own. Each connection is one task that reads frames and starts one
/// child task per request, so a blocked `Wait` never holds up `State` on the same connection;
/// all I/O waits on `EventLoop.shared`.
final class TTRPCServer: Sendable {
    private struct State {
        var isShutDown = false
        /// Descriptors of live connections, for `shutdown()`.
        var connections: Set<Int32> = []
    }

    let methods: MethodTable
    private let state = Mutex(State())

    init(methods: MethodTable) {
        self.methods = methods
    }

    /// Serves one connected, non-blocking socket until the peer hangs up, the stream turns out
    /// not to be ttrpc, or `shutdown()`. Takes ownership of `fd` and closes it.
    func serve(connection fd: Int32) {
        let accepted = state.withLock { state in
            guard !state.isShutDown else { return false }
            state.connections.insert(fd)
            return true
        }
        guard accepted else {
            // The listener may have waited on it while classifying: drop that registration.
            EventLoop.shared.cancelWaits(on: fd)
            Socket.close(fd)
            return
        }
        Task {
            await TTRPCConnection(fd: fd, methods: methods).run()
            state.withLock { _ = $0.connections.remove(fd) }
            EventLoop.shared.cancelWaits(on: fd)
            Socket.close(fd)
        }
    }

    /// Refuses new connections and hangs up the live ones: their readers see end of file,
    /// in-flight handlers are canceled, and each descriptor is closed once its tasks are done.
    func shutdown() {
        state.withLock { state in
            state.isShutDown = true
            // Under the lock: a connection leaves the set before its descriptor is closed.
            for fd in state.connections { Socket.shutdown(fd) }
        }
    }

    /// Live connections, for tests and diagnostics.
    var connectionCount: Int { state.withLock { $0.connections.count } }
}
