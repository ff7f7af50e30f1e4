/// Per-stream pieces of a server connection: the deadline each request runs under, the
/// stream-id rule, and the sink of a server stream.
extension TTRPCConnection {
    /// Runs `body`, failing with DEADLINE_EXCEEDED (and canceling it) once the monotonic
    /// clock passes `deadline`. The timer is a sleeping task, not a thread.
    static func run(
        until deadline: UInt64?, _ body: @escaping @Sendable () async throws -> [UInt8]
    ) async throws(ShimError) -> [UInt8] {
        do {
            guard let deadline else { return try await body() }
            return try await withThrowingTaskGroup(of: [UInt8].self) { group in
                group.addTask { try await body() }
                group.addTask {
                    let now = SystemClock.monotonicNanos()
                    if deadline > now, !(await Timers.shared.wait(for: .nanoseconds(deadline - now))) {
                        throw ShimError(.canceled, "ttrpc: canceled")
                    }
                    throw ShimError(.deadlineExceeded, "ttrpc: deadline exceeded")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw ShimError.internal("ttrpc: no result") }
                return first
            }
        } catch {
            throw ShimError.classify(error)
        }
    }
}

/// The client stream ids a server has seen on one connection: odd and strictly increasing,
/// as ttrpc 1.2 requires. Pure; the connection owns one.
struct StreamIDSequence {
    private(set) var last: UInt32 = 0

    /// nil if `id` may open a new stream (and records it); otherwise the error to answer on it.
    mutating func admit(_ id: UInt32) -> ShimError? {
        guard id % 2 == 1 else {
            return .invalidArgument("StreamID must be odd for client initiated streams")
        }
        guard id > last else {
            return .invalidArgument("StreamID cannot be re-used and must increment")
        }
        last = id
        return nil
    }
}

/// The server side of one ttrpc 1.2 server stream: each message goes out as a Data frame
/// (type 3, flags 0) on the request's stream id; the connection sends the final Response
/// (status only) when the handler returns.
///
/// Contract of `StreamSink`: `send` throws CANCELED once the client is gone (the write failed
/// or the connection's tasks were canceled), and the handler should then return.
struct TTRPCStreamSink: StreamSink {
    let streamID: UInt32
    let writer: FrameWriter

    func send(_ message: [UInt8]) async throws {
        if Task.isCancelled { throw ShimError(.canceled, "ttrpc: stream \(streamID): canceled") }
        let frame = try Frame.encode(streamID: streamID, type: .data, data: message)
        do {
            try await writer.write(frame)
        } catch {
            throw ShimError(.canceled, "ttrpc: stream \(streamID): client gone: \(error.message)")
        }
    }
}
