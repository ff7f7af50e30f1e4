/// An event as the queue delivers it: numbered, stamped and tagged with the namespace.
///
/// Sequence numbers start at 1 and increase by one per published event for the life of the
/// shim, so a subscriber can resume after the last number it saw.
public struct SequencedEvent: Sendable, Equatable {
    public var sequence: UInt64
    public var timestamp: Timestamp
    public var namespace: String
    public var event: ShimEvent

    public init(sequence: UInt64, timestamp: Timestamp, namespace: String, event: ShimEvent) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.namespace = namespace
        self.event = event
    }
}

/// Which events a subscriber wants: empty lists mean all topics / all containers.
public struct EventFilter: Sendable, Equatable {
    public var topics: [String]
    public var containerIDs: [String]

    public init(topics: [String] = [], containerIDs: [String] = []) {
        self.topics = topics
        self.containerIDs = containerIDs
    }

    public func matches(_ event: ShimEvent) -> Bool {
        (topics.isEmpty || topics.contains(event.topic))
            && (containerIDs.isEmpty || containerIDs.contains(event.containerID))
    }
}

/// Delivers one event to a parent engine (containerd's `Events.Forward`, a gRPC engine).
/// Throws when delivery failed and should be retried; the queue never drops the event.
public protocol EventForwarder: Sendable {
    func forward(_ event: SequencedEvent) async throws
}
