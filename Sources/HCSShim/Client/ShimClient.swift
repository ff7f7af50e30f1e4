/// A typed client of one shim over gRPC on its socket: the Task service calls a debugging
/// tool needs and the shim's own event stream.
///
/// The shim answers every call the same whether it comes over ttrpc or gRPC; this client uses
/// gRPC (`GRPCClient`) so it needs no ttrpc connection state. Errors are the `ShimError` the shim
/// sent (`.notFound` for an unknown task, ...) or `.unavailable` when nothing listens.
/// Thread-safety: all methods may be called concurrently.
public final class ShimClient: Sendable {
    /// The Task service the calls go to; v2 and v3 are served identically.
    public static let taskService = "containerd.task.v2.Task"
    public static let eventService = "hcsshim.events.v1.Events"

    public let socketPath: String
    public let namespace: String
    private let grpc: GRPCClient
    private let timeoutNanos: Int64

    /// Connects lazily: the first call fails with `.unavailable` if nothing listens on `socketPath`.
    /// `namespace` is sent as the `containerd-namespace` header, as containerd does.
    public init(socketPath: String, namespace: String = "", timeoutNanos: Int64 = 10_000_000_000) throws(ShimError) {
        self.socketPath = socketPath
        self.namespace = namespace
        self.timeoutNanos = timeoutNanos
        grpc = try GRPCClient(unixPath: socketPath)
    }

    /// The socket of the shim containerd at `address` started for task `id` in `namespace`
    /// (containerd's naming rule; a grouped task's shim is found through its group id instead).
    public static func socketPath(containerdAddress address: String, namespace: String, id: String) -> String {
        SocketAddress.path(containerdAddress: address, namespace: namespace, group: id)
    }

    public func state(id: String, execID: String = "") async throws(ShimError) -> StateResponse {
        try await call("State", StateRequest(id: id, execID: execID))
    }

    public func pids(id: String) async throws(ShimError) -> [ProcessInfo] {
        let reply: PidsResponse = try await call("Pids", PidsRequest(id: id))
        return reply.processes
    }

    public func connect(id: String) async throws(ShimError) -> ConnectResponse {
        try await call("Connect", ConnectRequest(id: id))
    }

    /// Adds exec `execID` to task `id`; `processJSON` is an OCI `Process`. Empty stdio paths
    /// mean /dev/null.
    public func exec(
        id: String, execID: String, processJSON: [UInt8], stdin: String = "", stdout: String = "", stderr: String = ""
    ) async throws(ShimError) {
        let spec = TypedPayload(typeURL: "types.containerd.io/opencontainers/runtime-spec/1/Process", value: processJSON)
        let request = ExecProcessRequest(
            id: id, execID: execID, terminal: false, stdin: stdin, stdout: stdout, stderr: stderr, spec: spec)
        let _: EmptyMessage = try await call("Exec", request)
    }

    public func start(id: String, execID: String = "") async throws(ShimError) -> UInt32 {
        let reply: StartResponse = try await call("Start", StartRequest(id: id, execID: execID))
        return reply.pid
    }

    /// Waits for the process to exit, with no deadline.
    public func wait(id: String, execID: String = "") async throws(ShimError) -> WaitResponse {
        try await call("Wait", WaitRequest(id: id, execID: execID), bounded: false)
    }

    public func delete(id: String, execID: String = "") async throws(ShimError) -> DeleteResponse {
        try await call("Delete", DeleteRequest(id: id, execID: execID))
    }

    public func kill(id: String, execID: String = "", signal: UInt32, all: Bool = false) async throws(ShimError) {
        let _: EmptyMessage = try await call("Kill", KillRequest(id: id, execID: execID, signal: signal, all: all))
    }

    /// The task's cgroup statistics (`io.containerd.cgroups.v1.Metrics` or `.v2.Metrics`).
    public func stats(id: String) async throws(ShimError) -> ShimStats {
        let reply: StatsResponse = try await call("Stats", StatsRequest(id: id))
        guard let payload = reply.stats else { throw ShimError.notFound("the shim sent no statistics for \(id)") }
        return try ShimStats(payload)
    }

    /// The shim's event stream (`hcsshim.events.v1.Events/Subscribe`); ends when the shim
    /// exits or the iteration stops (which cancels the call).
    public func subscribe(_ request: SubscribeRequest) -> AsyncThrowingStream<EventRecord, any Error> {
        let raw = grpc.serverStreaming(
            service: Self.eventService, method: "Subscribe", request: request.packed(), metadata: metadata)
        return AsyncThrowingStream { continuation in
            let relay = Task {
                do {
                    for try await bytes in raw { continuation.yield(try EventRecord(unpacking: bytes)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in relay.cancel() }
        }
    }

    private var metadata: [(key: String, value: String)] {
        namespace.isEmpty ? [] : [(key: "containerd-namespace", value: namespace)]
    }

    private func call<Request: WireMessage, Reply: WireMessage>(
        _ method: String, _ request: Request, bounded: Bool = true
    ) async throws(ShimError) -> Reply {
        let deadline: Int64? = bounded ? timeoutNanos : nil
        let bytes = try await grpc.unary(
            service: Self.taskService, method: method, request: request.packed(), metadata: metadata,
            timeoutNanos: deadline)
        return try Reply(unpacking: bytes)
    }
}
