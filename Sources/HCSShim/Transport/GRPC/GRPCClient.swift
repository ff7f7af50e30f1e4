import CGRPC

/// A gRPC client over a unix socket (`unix:PATH`, no TLS): unary and server-streaming calls on
/// encoded messages. Used by tests, the debug client and the event forwarder to a gRPC engine.
///
/// Owns a channel and a completion queue (with its poller thread); both are released when the
/// client and its last call are gone. Calls fail with `ShimError` carrying the status code the
/// server sent (`.unavailable` when nothing listens, `.deadlineExceeded` past the timeout).
/// Thread-safety: all methods may be called concurrently from any task.
public final class GRPCClient: Sendable {
    private let queue: CompletionQueue
    /// The `cgrpc_channel`, owned.
    nonisolated(unsafe) private let channel: OpaquePointer

    /// Throws `.resourceExhausted` when the C core cannot start.
    public init(unixPath: String) throws(ShimError) {
        let queue = try CompletionQueue(name: "grpc-client-cq", runtime: GRPCRuntime.acquire())
        guard let channel = cgrpc_channel_create_insecure("unix:" + unixPath) else {
            queue.shutdown()
            throw ShimError(.resourceExhausted, "grpc: cannot create a channel to \(unixPath)")
        }
        self.queue = queue
        self.channel = channel
    }

    deinit {
        cgrpc_channel_destroy(channel)
        // Every call keeps its client alive, so none is outstanding now: the poller drains at
        // once and destroys the C queue.
        queue.shutdown()
    }

    /// Calls `/service/method` with one request and returns the one reply. Cancelling the task
    /// cancels the call. `timeoutNanos` sets the call's deadline.
    public func unary(
        service: String, method: String, request: [UInt8],
        metadata: [(key: String, value: String)] = [], timeoutNanos: Int64? = nil
    ) async throws(ShimError) -> [UInt8] {
        let call = try makeCall(service: service, method: method, timeoutNanos: timeoutNanos)
        let (batch, _) = await withTaskCancellationHandler {
            await call.perform([
                .sendInitialMetadata(metadata), .sendMessage(request), .sendCloseFromClient,
                .receiveInitialMetadata, .receiveMessage, .receiveStatusOnClient,
            ])
        } onCancel: {
            call.cancel()
        }
        guard let batch else { throw ShimError(.internal, "grpc: cannot start the call") }
        try Self.check(batch.status)
        guard let reply = batch.message else {
            throw ShimError(.internal, "grpc: the server sent no reply to \(method)")
        }
        return reply
    }

    /// Calls a server-streaming `/service/method`; the stream yields each reply and ends with
    /// the call (throwing a `ShimError` for a non-OK status). Ending the iteration cancels the call.
    public func serverStreaming(
        service: String, method: String, request: [UInt8],
        metadata: [(key: String, value: String)] = [], timeoutNanos: Int64? = nil
    ) -> AsyncThrowingStream<[UInt8], any Error> {
        let call: Call
        do {
            call = try makeCall(service: service, method: method, timeoutNanos: timeoutNanos)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let reading = Task {
            // The status batch is started first and completes when the call ends, whatever happens.
            async let ended = call.perform([.receiveStatusOnClient])
            let (_, sent) = await call.perform([
                .sendInitialMetadata(metadata), .sendMessage(request), .sendCloseFromClient,
                .receiveInitialMetadata,
            ])
            while sent {
                let (batch, success) = await call.perform([.receiveMessage])
                guard success, let message = batch?.message else { break }
                continuation.yield(message)
            }
            let (status, _) = await ended
            do throws(ShimError) {
                guard let status else { throw ShimError(.internal, "grpc: cannot start the call") }
                try Self.check(status.status)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination {
                call.cancel()
                reading.cancel()
            }
        }
        return stream
    }

    private func makeCall(service: String, method: String, timeoutNanos: Int64?) throws(ShimError) -> Call {
        guard let handle = cgrpc_channel_create_call(channel, queue.handle, "/\(service)/\(method)", timeoutNanos ?? -1)
        else { throw ShimError(.internal, "grpc: cannot create a call to /\(service)/\(method)") }
        return Call(handle: handle, queue: queue, owner: self)
    }

    /// Throws the status as a `ShimError` unless it is OK; codes outside gRPC's become UNKNOWN.
    private static func check(_ status: (code: Int32, details: String)) throws(ShimError) {
        guard status.code != 0 else { return }
        throw ShimError(ShimError.Code(rawValue: status.code) ?? .unknown, status.details)
    }

    /// Operations waiting on the client's completion queue, for leak tests.
    var pendingOperations: Int { queue.pendingCount }
}
