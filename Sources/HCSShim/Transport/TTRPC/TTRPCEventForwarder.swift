import Synchronization

/// Delivers the shim's events to containerd over ttrpc:
/// `containerd.services.events.ttrpc.v1.Events/Forward` with a `ForwardRequest{Envelope}`,
/// on the address containerd gave in `$TTRPC_ADDRESS` (`unix://` optional).
///
/// As the Go publisher: a 5 s timeout per call and metadata `containerd-namespace-ttrpc`. The
/// connection is opened on first use and reopened after it is lost (UNAVAILABLE); retrying and
/// ordering are the `EventQueue`'s, which calls `forward` again after a throw.
final class TTRPCEventForwarder: EventForwarder {
    static let service = "containerd.services.events.ttrpc.v1.Events"

    let address: String
    let timeout: Duration
    private let client = Mutex<TTRPCClient?>(nil)

    init(address: String, timeout: Duration = .seconds(5)) {
        self.address = address
        self.timeout = timeout
    }

    func forward(_ event: SequencedEvent) async throws {
        let client = try connection()
        let request = ForwardRequest(envelope: Envelope(
            timestamp: event.timestamp, namespace: event.namespace, topic: event.event.topic,
            event: event.event.payload))
        do {
            _ = try await client.call(
                service: Self.service, method: "Forward", request: request,
                metadata: [(key: "containerd-namespace-ttrpc", value: event.namespace)],
                timeout: timeout, returning: EmptyMessage.self)
        } catch {
            // A lost connection is reopened on the next try; containerd's own refusals
            // (e.g. INVALID_ARGUMENT for a bad envelope) keep it.
            if error.code == .unavailable { discard(client) }
            throw error
        }
    }

    /// Hangs up; a later `forward` reconnects.
    func close() {
        client.withLock { client in
            client?.close()
            client = nil
        }
    }

    private func connection() throws(ShimError) -> TTRPCClient {
        try client.withLock { client throws(ShimError) in
            if let client { return client }
            let connected = try TTRPCClient(connectingTo: address)
            client = connected
            return connected
        }
    }

    private func discard(_ failed: TTRPCClient) {
        client.withLock { client in
            guard client === failed else { return }
            failed.close()
            client = nil
        }
    }
}
