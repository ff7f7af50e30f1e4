/// Publishes events to a parent engine over gRPC: `containerd.services.events.v1.Events/Forward`
/// with a `ForwardRequest{envelope}` (containerd's gRPC events API, which containerd 1.7+ offers
/// gRPC shims at `GRPC_ADDRESS`, and which any other engine can implement).
///
/// The channel is created lazily and kept: the C core reconnects by itself, and each failed
/// attempt is retried by the queue. Each attempt is bounded by 5 s.
public final class GRPCForwarder: EventForwarder {
    static let service = "containerd.services.events.v1.Events"
    let socketPath: String
    private let client = Locked<GRPCClient?>(nil)

    /// `address` is a unix socket path, with or without a `unix://` prefix.
    public init(address: String) {
        socketPath = address.hasPrefix("unix://") ? String(address.dropFirst("unix://".count)) : address
    }

    public func forward(_ event: SequencedEvent) async throws {
        let channel: GRPCClient
        if let existing = client.value {
            channel = existing
        } else {
            channel = try GRPCClient(unixPath: socketPath)
            client.value = channel
        }
        let request = ForwardRequest(envelope: Envelope(event.event, namespace: event.namespace, timestamp: event.timestamp))
        _ = try await channel.unary(
            service: Self.service, method: "Forward", request: request.packed(),
            metadata: [("containerd-namespace", event.namespace)], timeoutNanos: 5_000_000_000)
    }
}

/// Delivers every event to several parent engines, each exactly once and in order: an event
/// counts as forwarded when all have it; an engine that already accepted it is not sent it
/// again while the others are retried.
public final class FanOutForwarder: EventForwarder {
    private let targets: [any EventForwarder]
    /// Per target, the highest sequence it accepted. Only the queue's pump calls `forward`.
    private let delivered: Locked<[UInt64]>

    public init(_ targets: [any EventForwarder]) {
        self.targets = targets
        delivered = Locked(Array(repeating: 0, count: targets.count))
    }

    public func forward(_ event: SequencedEvent) async throws {
        var failure: (any Error)?
        for (index, target) in targets.enumerated() where delivered.value[index] < event.sequence {
            do {
                try await target.forward(event)
                delivered.withLock { $0[index] = event.sequence }
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }
}
