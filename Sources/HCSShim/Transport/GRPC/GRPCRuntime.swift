import CGRPC

/// One reference on the gRPC C core.
///
/// `grpc_init` starts the core's own threads, so it is taken lazily: only by a server that
/// adopted its first connection and by a client. Measured with Debian's libgrpc 1.51 on
/// x86_64: loading the library costs every shim ~7.8 MB RSS, mostly shared file pages (1.3 MB
/// private); `grpc_init` adds ~1 MB, 3 threads (executor, resolver executor, timer) and 2 fds;
/// a started server another ~1.7 MB, 3 event-engine threads and 2 fds; our completion-queue
/// poller one thread per queue. A shim that never sees gRPC pays only the library load. Every
/// `CompletionQueue` holds one, and every call and batch holds its queue, so the core outlives
/// every handle created from it. The corresponding C functions are `grpc_init` and
/// `grpc_shutdown` (reference counted by the core).
final class GRPCRuntime: Sendable {
    /// Takes a reference, loading the core first if needed.
    /// - Throws: `ShimError` `.unavailable` when the core library cannot be loaded.
    static func acquire() throws(ShimError) -> GRPCRuntime {
        guard cgrpc_runtime_acquire() == 0 else {
            throw ShimError.unavailable("gRPC core unavailable: \(String(cString: cgrpc_runtime_error()))")
        }
        return GRPCRuntime()
    }

    private init() {}

    deinit { cgrpc_runtime_release() }

    /// Live C handles by kind, for leak tests. A batch owns its operations' byte buffers,
    /// slices and metadata arrays, and a call its details, so these cover those too.
    struct LiveHandles: Equatable, Sendable {
        var queues, servers, channels, calls, batches: Int
    }

    static var liveHandles: LiveHandles {
        LiveHandles(
            queues: cgrpc_handles_live(.CGRPC_HANDLE_QUEUE), servers: cgrpc_handles_live(.CGRPC_HANDLE_SERVER),
            channels: cgrpc_handles_live(.CGRPC_HANDLE_CHANNEL), calls: cgrpc_handles_live(.CGRPC_HANDLE_CALL),
            batches: cgrpc_handles_live(.CGRPC_HANDLE_BATCH))
    }

    /// The C core's version, for diagnostics ("29.0.0" for gRPC 1.51); nil when the library
    /// cannot be loaded.
    static var version: String? { cgrpc_runtime_version().map { String(cString: $0) } }
}
