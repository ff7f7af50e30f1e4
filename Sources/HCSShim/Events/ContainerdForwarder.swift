/// Publishes events to containerd's `containerd.services.events.ttrpc.v1.Events/Forward` over
/// ttrpc at `TTRPC_ADDRESS`, with bare type URLs and the envelope fields containerd validates
/// (timestamp, namespace, topic, event).
///
/// One connection, opened lazily and dropped on any failure, so the queue's retry reconnects
/// (containerd may be restarting). Each attempt is bounded by a 5 s timeout, as in the Go shim.
/// Thread safety: the queue's pump is the only caller; the connection is still guarded.
public final class ContainerdForwarder: EventForwarder {
    static let service = "containerd.services.events.ttrpc.v1.Events"
    let address: String
    private let connection = Locked<TTRPCClient?>(nil)

    public init(address: String) {
        self.address = address
    }

    public func forward(_ event: SequencedEvent) async throws {
        let client = try connected()
        let request = ForwardRequest(
            envelope: Envelope(event.event, namespace: event.namespace, timestamp: event.timestamp))
        do {
            let _: EmptyMessage = try await client.call(
                service: Self.service, method: "Forward", request: request,
                metadata: [("containerd-namespace-ttrpc", event.namespace)], timeout: .seconds(5))
        } catch {
            // A refused event (InvalidArgument) would be refused forever; everything else is
            // a transport or containerd-side failure worth a fresh connection and a retry.
            if error.code == .invalidArgument {
                Log.error("containerd refused event", ["topic": event.event.topic, "error": error.message])
                return
            }
            reset(client)
            throw error
        }
    }

    private func connected() throws(ShimError) -> TTRPCClient {
        if let client = connection.value { return client }
        let client = try TTRPCClient(connectingTo: address)
        connection.value = client
        return client
    }

    private func reset(_ client: TTRPCClient) {
        connection.withLock { current in
            if current === client { current = nil }
        }
        client.close()
    }
}
