/// The bridges between ttrpc's payload messages and the transport-neutral types.
extension TTRPCResponse {
    /// A failed call: the status, and no payload (as the Go server sends it).
    init(_ error: ShimError) {
        self.init(status: StatusMessage(error), payload: [])
    }
}

extension RPCContext {
    /// Metadata with lower-cased keys (Go's metadata is case-insensitive) and the deadline
    /// `timeout_nano` from now, on the monotonic clock.
    init(_ request: TTRPCRequest) {
        let deadline = request.timeoutNano > 0
            ? SystemClock.monotonicNanos() + UInt64(request.timeoutNano)
            : nil
        self.init(
            metadata: request.metadata.map { (key: $0.key.lowercased(), value: $0.value) },
            deadlineNanos: deadline)
    }
}

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
                    if deadline > now { try await Task.sleep(for: .nanoseconds(deadline - now)) }
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
