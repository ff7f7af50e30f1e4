// The shim's own event stream (`hcsshim.events.v1.Events/Subscribe`, server streaming over
// gRPC). Semantics are specified in proto/hcsshim/events/v1/events.proto.

/// `SubscribeRequest`: which events to stream and whether to replay retained history first.
/// Empty `topics` / `containerIDs` mean "all".
public struct SubscribeRequest: ProtobufMessage, Equatable {
    public var topics: [String]
    public var containerIDs: [String]
    /// Replay retained records with `sequence > afterSequence` first, then continue live with
    /// no gap and no duplicate.
    public var resume: Bool
    public var afterSequence: UInt64

    public init(topics: [String] = [], containerIDs: [String] = [], resume: Bool = false, afterSequence: UInt64 = 0) {
        self.topics = topics
        self.containerIDs = containerIDs
        self.resume = resume
        self.afterSequence = afterSequence
    }

    /// Whether a record passes the topic and container filters; `containerID` is the
    /// event's container (empty when the event names none, which only an unfiltered
    /// subscription receives).
    public func matches(topic: String, containerID: String) -> Bool {
        (topics.isEmpty || topics.contains(topic)) && (containerIDs.isEmpty || containerIDs.contains(containerID))
    }

    public static let schema = MessageSchema(
        Self(), "hcsshim.events.v1.SubscribeRequest",
        [.field(1, \.topics), .field(2, \.containerIDs), .field(3, \.resume), .field(4, \.afterSequence)])
}

/// `EventRecord`: one published event with its per-shim sequence number (from 1, strictly
/// increasing, never reused).
public struct EventRecord: ProtobufMessage, Equatable {
    public var sequence: UInt64
    public var timestamp: Timestamp?
    public var namespace: String
    public var topic: String
    public var event: TypedPayload?
    /// Set on the first record of a resume whose `afterSequence` is older than the retained
    /// window: some events after it were no longer retained and are missing.
    public var historyTrimmed: Bool

    public init(
        sequence: UInt64 = 0, timestamp: Timestamp? = nil, namespace: String = "", topic: String = "",
        event: TypedPayload? = nil, historyTrimmed: Bool = false
    ) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.namespace = namespace
        self.topic = topic
        self.event = event
        self.historyTrimmed = historyTrimmed
    }

    /// The record of `envelope` published as number `sequence`.
    public init(sequence: UInt64, envelope: Envelope) {
        self.init(
            sequence: sequence, timestamp: envelope.timestamp, namespace: envelope.namespace, topic: envelope.topic,
            event: envelope.event)
    }

    public static let schema = MessageSchema(
        Self(), "hcsshim.events.v1.EventRecord",
        [
            .field(1, \.sequence), .field(2, \.timestamp), .field(3, \.namespace), .field(4, \.topic),
            .field(5, \.event), .field(6, \.historyTrimmed),
        ])
}
