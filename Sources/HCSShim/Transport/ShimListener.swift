import Synchronization

/// The shim's one listening unix socket, serving ttrpc and gRPC on the same address.
///
/// Every accepted connection goes through the `Handshake` (peer credentials), then its first
/// bytes are peeked, without consuming them, to pick the protocol (`ConnectionProtocol`):
/// the HTTP/2 preface goes to `grpcHandoff`, a 0x00 byte (a ttrpc header) to the
/// `TTRPCServer`, anything else is closed. Each connection is classified in its own task, so a
/// peer that connects and stays silent holds up nobody, and within `classificationLimit` (a
/// `ConnectionWatchdog`): a peer silent that long, or stuck halfway through the HTTP/2
/// preface, is hung up, so a flood of such connections cannot hold descriptors for good.
///
/// Ownership: the listener owns the listening descriptor and, until handed off, each accepted
/// one. `run` closes the listening descriptor when it returns; `close()` makes it return (or
/// closes it at once if `run` never started).
final class ShimListener: Sendable {
    private enum Phase {
        case idle
        case running
        /// `close()` ran while `run` was accepting; `run` releases the descriptor on its way out.
        case closing
        case closed
    }

    private struct State {
        var phase = Phase.idle
        /// Accepted descriptors whose first bytes are still awaited (owned by their tasks).
        var classifying: Set<Int32> = []
    }

    /// How long an accepted connection may take to show which protocol it speaks. containerd
    /// and gRPC clients send their first bytes as soon as they connect.
    static let defaultClassificationLimit: Duration = .seconds(5)

    let fd: Int32
    /// The socket file, removed on close; nil for an adopted listener (its creator removes it).
    let path: String?
    let classificationLimit: Duration
    private let state = Mutex(State())

    /// Creates the socket file at `path` (mode 0600, never abstract) and listens on it.
    init(path: String, classificationLimit: Duration = defaultClassificationLimit) throws(ShimError) {
        fd = try Socket.listen(path: path)
        self.path = path
        self.classificationLimit = classificationLimit
    }

    /// Takes over an already listening socket, such as fd 3 inherited from the `start` action.
    /// It is made non-blocking and close-on-exec (so runc and other children do not inherit it).
    init(adopting fd: Int32, classificationLimit: Duration = defaultClassificationLimit) throws(ShimError) {
        try Socket.setNonBlocking(fd)
        try Socket.setCloseOnExec(fd)
        self.fd = fd
        self.path = nil
        self.classificationLimit = classificationLimit
    }

    /// Accepts until `close()`. ttrpc connections are given to `server`, HTTP/2 ones to
    /// `grpcHandoff` (which then owns the descriptor; it is already out of the event loop).
    /// Returns at once if the listener is already running or closed.
    func run(
        serving server: TTRPCServer,
        handshake: Handshake = .sameUser,
        grpcHandoff: @escaping @Sendable (Int32) -> Void
    ) async {
        let starting = state.withLock { state -> Bool in
            guard case .idle = state.phase else { return false }
            state.phase = .running
            return true
        }
        guard starting else { return }
        while isRunning {
            do {
                try await EventLoop.shared.waitReadable(fd)
                while isRunning, let connection = try Socket.accept(fd) {
                    // A fresh descriptor number has no waiters of its own: anything the event
                    // loop still records under it belongs to a closed predecessor whose owner
                    // skipped cancelWaits, and would make our first wait fail. Drop it.
                    EventLoop.shared.cancelWaits(on: connection)
                    dispatch(connection, server: server, handshake: handshake, grpcHandoff: grpcHandoff)
                }
            } catch {
                // A canceled wait means close() ran. Otherwise (EMFILE and the like) the
                // pending connection stays queued: retry shortly rather than spin.
                if error.code == .canceled { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        state.withLock { $0.phase = .closed }
        release()
    }

    /// Stops accepting, unblocks `run` and hangs up connections still being classified.
    /// Connections already handed to a server are that server's to close. Idempotent.
    func close() {
        let releaseNow = state.withLock { state -> Bool in
            switch state.phase {
            case .idle:
                state.phase = .closed
                return true
            case .running:
                state.phase = .closing
                // shutdown leaves the descriptor readable for good, so a run loop between
                // two waits wakes at once; cancelWaits wakes one that is waiting now. Under
                // the lock: run cannot have closed the descriptor yet.
                Socket.shutdown(fd)
                EventLoop.shared.cancelWaits(on: fd)
                // A classifying task untracks before it closes its descriptor.
                for connection in state.classifying { Socket.shutdown(connection) }
                return false
            case .closing, .closed:
                return false
            }
        }
        if releaseNow { release() }
    }

    /// Records a connection under classification; false once the listener is closing.
    func track(_ connection: Int32) -> Bool {
        state.withLock { state in
            guard case .running = state.phase else { return false }
            state.classifying.insert(connection)
            return true
        }
    }

    /// Forgets a classified connection before its task hands it on or closes it, so `close()`
    /// never shuts down a descriptor number that has been reused.
    func untrack(_ connection: Int32) {
        _ = state.withLock { $0.classifying.remove(connection) }
    }

    private var isRunning: Bool {
        state.withLock { if case .running = $0.phase { true } else { false } }
    }

    private func release() {
        EventLoop.shared.cancelWaits(on: fd)
        Socket.close(fd)
        if let path { Socket.unlink(path: path) }
    }
}
