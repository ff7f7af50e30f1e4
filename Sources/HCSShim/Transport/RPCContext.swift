/// What a transport knows about one incoming call, passed to every handler.
public struct RPCContext: Sendable {
    /// Request metadata, keys lower-cased (ttrpc `metadata`, gRPC headers).
    public var metadata: [(key: String, value: String)]
    /// The caller's deadline on `CLOCK_MONOTONIC`, in nanoseconds; nil when it set none.
    public var deadlineNanos: UInt64?

    public init(metadata: [(key: String, value: String)] = [], deadlineNanos: UInt64? = nil) {
        self.metadata = metadata
        self.deadlineNanos = deadlineNanos
    }

    /// The containerd namespace: ttrpc's `containerd-namespace-ttrpc` or gRPC's
    /// `containerd-namespace` key.
    public var namespace: String? {
        metadata.first { $0.key == "containerd-namespace-ttrpc" || $0.key == "containerd-namespace" }?.value
    }
}
