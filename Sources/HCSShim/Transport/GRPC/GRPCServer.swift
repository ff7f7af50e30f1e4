import CGRPC
import Synchronization

/// A bidirectional-streaming method: reads the client's messages from `requests` and answers
/// through `sink`. Only server reflection uses one; the Task API has none.
public typealias BidirectionalHandler = @Sendable (
    _ requests: AsyncThrowingStream<[UInt8], any Error>, _ context: RPCContext, _ sink: any StreamSink
) async throws -> Void

/// The gRPC server of the shim: serves a `MethodTable` (plus bidirectional methods keyed by
/// path, `/grpc.reflection.v1.ServerReflection/ServerReflectionInfo`) over HTTP/2 connections.
///
/// Connections arrive as accepted fds from the shim's one socket (`adopt(fd:)`); `listen(unixPath:)`
/// is for tests and debugging. The C core is started lazily, on the first of these, so a shim
/// that never sees gRPC never pays for `grpc_init` and its threads. Each incoming call runs in
/// its own task; a client that cancels, disconnects or passes its deadline cancels that task.
///
/// Thread-safety: all methods may be called from any thread or task.
public final class GRPCServer: Sendable {
    private let methods: MethodTable
    private let bidirectional: [String: BidirectionalHandler]
    private let phase = Mutex(Phase.idle)

    private enum Phase {
        case idle
        case running(ServerCore)
        case stopped
    }

    public init(methods: MethodTable, bidirectional: [String: BidirectionalHandler] = [:]) {
        self.methods = methods
        self.bidirectional = bidirectional
    }

    /// A server dropped without `shutdown()` still tears its core down, in the background.
    deinit {
        let core: ServerCore? = phase.withLock { phase in
            if case .running(let core) = phase { return core }
            return nil
        }
        if let core { Task { await core.shutdown() } }
    }

    /// Serves one accepted, connected socket whose first bytes (still unread) are the HTTP/2
    /// preface. Takes ownership of `fd`: it is closed if it cannot be served.
    /// Throws `.unavailable` after `shutdown()`, `.resourceExhausted` if the core cannot start.
    public func adopt(fd: Int32) throws(ShimError) {
        do {
            try withRunningCore(listeningOn: nil) { core in cgrpc_server_adopt_fd(core.server, fd) }
        } catch {
            cgrpc_fd_close(fd)
            throw error
        }
    }

    /// Listens on a unix socket path (tests and debugging; production adopts fds). Must be the
    /// first use of the server. Throws `.failedPrecondition` when the server already started,
    /// `.unavailable` when the path cannot be bound.
    public func listen(unixPath: String) throws(ShimError) {
        try withRunningCore(listeningOn: "unix:" + unixPath) { _ in }
    }

    /// Whether the C core has been started (it is not until the first connection).
    public var isStarted: Bool {
        phase.withLock { phase in
            if case .running = phase { return true }
            return false
        }
    }

    /// Stops accepting calls, lets those that finish within `grace` complete, cancels the rest
    /// and tears the core down: server shutdown → cancel the remaining calls → destroy →
    /// completion queue shutdown → drain → destroy. Idempotent.
    public func shutdown(grace: Duration = .zero) async {
        let core: ServerCore? = phase.withLock { phase in
            defer { phase = .stopped }
            if case .running(let core) = phase { return core }
            return nil
        }
        await core?.shutdown(grace: grace)
    }

    /// Operations waiting on the server's completion queue (0 when idle or stopped), for tests.
    var pendingOperations: Int {
        phase.withLock { phase in
            if case .running(let core) = phase { return core.queue.pendingCount }
            return 0
        }
    }

    /// Runs `body` with the running core, starting it first if idle (listening on `address` if
    /// given, which requires an idle server). `body` runs under the phase lock, so it never
    /// overlaps `shutdown()` destroying the C server.
    private func withRunningCore(
        listeningOn address: String?, _ body: (ServerCore) -> Void
    ) throws(ShimError) {
        let dispatcher = CallDispatcher(methods: methods, bidirectional: bidirectional)
        let failure: ShimError? = phase.withLock { phase in
            switch phase {
            case .running(let core):
                guard address == nil else {
                    return ShimError(.failedPrecondition, "grpc listen: the server already started")
                }
                body(core)
                return nil
            case .stopped:
                return ShimError(.unavailable, "grpc: the server has shut down")
            case .idle:
                do throws(ShimError) {
                    let core = try ServerCore(listeningOn: address, dispatcher: dispatcher)
                    phase = .running(core)
                    body(core)
                    return nil
                } catch {
                    return error
                }
            }
        }
        if let failure { throw failure }
    }
}
