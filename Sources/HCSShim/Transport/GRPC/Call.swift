import CGRPC

/// One gRPC call, client or server side.
///
/// Owns its `cgrpc_call` (released in `deinit` with `grpc_call_unref`) and keeps its
/// completion queue, and through it the C core, alive. The core allows one outstanding batch
/// per kind of operation; starting a second one fails that `perform` (returns `success: false`).
/// `perform` and `cancel` may be called from any task.
final class Call: Sendable {
    /// The `cgrpc_call`, owned.
    nonisolated(unsafe) let handle: OpaquePointer
    let queue: CompletionQueue
    /// Kept alive as long as the call: a client call keeps its `GRPCClient` (and channel).
    private let owner: (any AnyObject & Sendable)?

    /// Takes ownership of `handle`, whose completions arrive on `queue`.
    init(handle: OpaquePointer, queue: CompletionQueue, owner: (any AnyObject & Sendable)? = nil) {
        self.handle = handle
        self.queue = queue
        self.owner = owner
    }

    deinit { cgrpc_call_destroy(handle) }

    /// Builds and starts one batch, and waits for its completion. Returns the batch (for its
    /// results) and the completion's success flag; a batch that could not be built or started
    /// reports `success: false`.
    func perform(_ operations: [Operation]) async -> (batch: OperationBatch?, success: Bool) {
        guard let batch = try? OperationBatch(operations) else { return (nil, false) }
        let success = await queue.submit(keepAlive: [batch, self]) { tag in
            cgrpc_call_start_batch(handle, batch.handle, tag) == 0
        }
        return (batch, success)
    }

    /// Cancels the call: outstanding and later batches complete without success.
    func cancel() { cgrpc_call_cancel(handle) }

    /// The full method path of an incoming call, `/package.Service/Method`.
    var method: String { Self.string(cgrpc_call_method, handle) }

    /// The request metadata of an incoming call, keys lower-cased.
    var metadata: [(key: String, value: String)] {
        (0..<cgrpc_call_metadata_count(handle)).map { index in
            var keyLength = 0
            var valueLength = 0
            let key = cgrpc_call_metadata_key(handle, index, &keyLength)
            let value = cgrpc_call_metadata_value(handle, index, &valueLength)
            return (Self.text(key, keyLength).lowercased(), Self.text(value, valueLength))
        }
    }

    /// Nanoseconds left before the client's deadline, or nil when it set none.
    var deadlineRemainingNanos: UInt64? {
        let remaining = cgrpc_call_deadline_remaining_nanos(handle)
        return remaining < 0 ? nil : UInt64(remaining)
    }

    private static func string(
        _ read: (OpaquePointer, UnsafeMutablePointer<Int>) -> UnsafePointer<UInt8>?, _ handle: OpaquePointer
    ) -> String {
        var length = 0
        let bytes = read(handle, &length)
        return text(bytes, length)
    }

    private static func text(_ bytes: UnsafePointer<UInt8>?, _ length: Int) -> String {
        guard let bytes, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}
