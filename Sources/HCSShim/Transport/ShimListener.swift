import Synchronization

/// The shim's one listening unix socket, serving ttrpc and gRPC on the same address.
///
/// Every accepted connection goes through the `Handshake` (peer credentials), then its first
/// bytes are peeked, without consuming them, to pick the protocol (`ConnectionProtocol`):
/// the HTTP/2 preface goes to `grpcHandoff`, a 0x00 byte (a ttrpc header) to the
/// `TTRPCServer`, anything else is closed. Each connection is classified in its own task, so a
/// peer that connects and stays silent holds up nobody.
///
/// Ownership: the listener owns the listening descriptor and, until handed off, each accepted
/// one. `run` closes the listening descriptor when it returns; `close()` makes it return.
final class ShimListener: Sendable {
    private enum Phase {
        case idle, running, closed
    }

    private struct State {
        var phase = Phase.idle
        /// Accepted descriptors whose first bytes are still awaited (owned by their tasks).
        var classifying: Set<Int32> = []
    }

    let fd: Int32
    /// The socket file, removed on close; nil for an adopted listener (its creator removes it).
    let path: String?
    private let state = Mutex(State())

    /// Creates the socket file at `path` (mode 0600, never abstract) and listens on it.
    init(path: String) throws(ShimError) {
        fd = try Socket.listen(path: path)
        self.path = path
    }

    /// Takes over an already listening socket, such as fd 3 inherited from the `start` action.
    /// It is switched to non-blocking; it must already be close-on-exec or be made so by the caller.
    init(adopting fd: Int32) throws(ShimError) {
        try Socket.setNonBlocking(fd)
        self.fd = fd
        self.path = nil
    }

    /// Accepts until `close()`. ttrpc connections are given to `server`, HTTP/2 ones to
    /// `grpcHandoff` (which then owns the descriptor; it is already out of the event loop).
    func run(
        serving server: TTRPCServer,
        handshake: Handshake = .sameUser,
        grpcHandoff: @escaping @Sendable (Int32) -> Void
    ) async {
        let starting = state.withLock { state -> Bool in
            guard state.phase == .idle else { return false }
            state.phase = .running
            return true
        }
        guard starting else { return }
        defer { release() }
        while isRunning {
            do {
                try await EventLoop.shared.waitReadable(fd)
                while isRunning, let connection = try Socket.accept(fd) {
                    adopt(connection, server: server, handshake: handshake, grpcHandoff: grpcHandoff)
                }
            } catch {
                // EMFILE and the like: the pending connection stays queued; retry shortly
                // rather than spin. A canceled wait means close() ran.
                if error.code == .canceled { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops accepting, unblocks `run` and hangs up connections still being classified.
    /// Connections already handed to a server are that server's to close.
    func close() {
        let wasIdle = state.withLock { state -> Bool in
            let wasIdle = state.phase == .idle
            state.phase = .closed
            // Under the lock: a classifying task untracks before it closes its descriptor.
            for connection in state.classifying { Socket.shutdown(connection) }
            return wasIdle
        }
        // shutdown keeps the descriptor readable from now on, so a run loop that is between
        // two waits wakes at once; cancelWaits wakes one that is waiting now.
        Socket.shutdown(fd)
        EventLoop.shared.cancelWaits(on: fd)
        if wasIdle { release() }
    }

    /// Records a connection under classification; false once the listener is closed.
    func track(_ connection: Int32) -> Bool {
        state.withLock { state in
            guard state.phase == .running else { return false }
            state.classifying.insert(connection)
            return true
        }
    }

    /// Forgets a classified connection before its task hands it on or closes it, so `close()`
    /// never shuts down a descriptor number that has been reused.
    func untrack(_ connection: Int32) {
        _ = state.withLock { $0.classifying.remove(connection) }
    }

    private var isRunning: Bool { state.withLock { $0.phase == .running } }

    private func release() {
        EventLoop.shared.cancelWaits(on: fd)
        Socket.close(fd)
        if let path { Socket.unlink(path: path) }
    }
}
