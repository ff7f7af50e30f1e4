import Synchronization

/// The `StreamSink` of one server call: each `send` is one SEND_MESSAGE batch, the first one
/// preceded by the call's initial metadata.
///
/// Sends must not overlap (the core allows one outstanding message per call; an overlapping
/// send fails with `.canceled` like a vanished client would). `send` throws `.canceled` once
/// the client has gone or the handler's task is cancelled.
final class ServerStreamSink: StreamSink {
    private let call: Call
    /// Guarded by the mutex: whether the initial metadata has been (or is being) sent.
    private let initialMetadataSent = Mutex(false)

    init(call: Call) { self.call = call }

    func send(_ message: [UInt8]) async throws {
        if Task.isCancelled { throw ShimError(.canceled, "grpc: the call was cancelled") }
        var operations: [Operation] = [.sendMessage(message)]
        if claimInitialMetadata() { operations.insert(.sendInitialMetadata([]), at: 0) }
        let (_, success) = await call.perform(operations)
        guard success else { throw ShimError(.canceled, "grpc: the client went away") }
    }

    /// True exactly once: for the first batch, which must carry the initial metadata.
    func claimInitialMetadata() -> Bool {
        initialMetadataSent.withLock { sent in
            defer { sent = true }
            return !sent
        }
    }
}
