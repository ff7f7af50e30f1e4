import CGRPC

/// One reference on the gRPC C core.
///
/// `grpc_init` starts the core's own threads (timer manager, executor, resolver), so it is
/// taken lazily: only by a server that adopted its first connection and by a client. Every
/// `CompletionQueue` holds one, and every call and batch holds its queue, so the core outlives
/// every handle created from it. The corresponding C functions are `grpc_init` and
/// `grpc_shutdown` (reference counted by the core).
final class GRPCRuntime: Sendable {
    init() { cgrpc_runtime_acquire() }

    deinit { cgrpc_runtime_release() }

    /// The C core's version, for diagnostics ("29.0.0" for gRPC 1.51).
    static var version: String { String(cString: cgrpc_runtime_version()) }
}
