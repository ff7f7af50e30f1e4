/// Live subscriptions with bounded replay.
extension EventQueue {
    /// A subscriber's view of the queue.
    public struct Subscription: Sendable {
        /// Replayed history (when resuming) followed by live events, in sequence order.
        public var events: AsyncStream<SequencedEvent>
        /// True when the subscriber asked to resume from a sequence number older than the
        /// retained history, so some events between it and the first replayed one are gone.
        public var historyTrimmed: Bool
    }

    /// Subscribes to the events `filter` selects. With `resumeAfter`, first replays the
    /// retained events numbered above it; without, delivers only events published from now.
    /// The subscription ends when the consumer stops iterating (the stream is cancelled).
    public func subscribe(_ filter: EventFilter, resumeAfter: UInt64? = nil) -> Subscription {
        let (stream, continuation) = AsyncStream<SequencedEvent>.makeStream(bufferingPolicy: .unbounded)
        let (id, trimmed): (UInt64, Bool) = state.withLock { state in
            var trimmed = false
            if let after = resumeAfter {
                let oldestKept = state.history.first?.sequence ?? state.nextSequence
                trimmed = after + 1 < oldestKept
                for event in state.history where event.sequence > after && filter.matches(event.event) {
                    continuation.yield(event)
                }
            }
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.subscribers[id] = Subscriber(filter: filter, continuation: continuation)
            return (id, trimmed)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return Subscription(events: stream, historyTrimmed: trimmed)
    }

    /// The number of live subscribers, for diagnostics and tests.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
