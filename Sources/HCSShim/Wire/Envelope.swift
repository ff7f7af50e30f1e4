// What a shim sends to containerd's `Events.Forward`, and the envelope every event travels in.

/// `Envelope`: one event with its time, namespace and topic. Packs as
/// `containerd.services.events.ttrpc.v1.Envelope`; containerd 2.x's `containerd.types.Envelope`
/// has the same fields, so the bytes serve both.
///
/// containerd rejects (InvalidArgument) an envelope with a zero timestamp, a namespace or
/// topic that is not a valid identifier path, and 1.6 crashes on a missing `event`: always
/// build it with `init(_:namespace:timestamp:)`.
public struct Envelope: ProtobufMessage, Equatable {
    public var timestamp: Timestamp?
    public var namespace: String
    public var topic: String
    public var event: TypedPayload?

    public init(timestamp: Timestamp? = nil, namespace: String = "", topic: String = "", event: TypedPayload? = nil) {
        self.timestamp = timestamp
        self.namespace = namespace
        self.topic = topic
        self.event = event
    }

    /// The envelope for `event`: its topic, its bare type URL, and `timestamp`.
    public init<E: TaskEvent>(_ event: E, namespace: String, timestamp: Timestamp) {
        self.init(timestamp: timestamp, namespace: namespace, topic: E.topic, event: TypedPayload(event))
    }

    public static let schema = MessageSchema(
        Self(), "containerd.services.events.ttrpc.v1.Envelope",
        [.field(1, \.timestamp), .field(2, \.namespace), .field(3, \.topic), .field(4, \.event)])
}

/// `ForwardRequest`: the request of `containerd.services.events.ttrpc.v1.Events/Forward`
/// (answered with Empty).
public struct ForwardRequest: ProtobufMessage, Equatable {
    public var envelope: Envelope?

    public init(envelope: Envelope? = nil) { self.envelope = envelope }

    public static let schema = MessageSchema(
        Self(), "containerd.services.events.ttrpc.v1.ForwardRequest", [.field(1, \.envelope)])
}
