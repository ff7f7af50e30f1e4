/// Serves the shim's own event stream, `hcsshim.events.v1.Events/Subscribe`
/// (server-streaming), over the event queue.
///
/// Each subscriber gets the events its filter selects, in sequence order; with `resume` it
/// first gets the retained events after `after_sequence`, and the first record says
/// `history_trimmed` when some were no longer retained. The call lasts until the client goes
/// away (the transport cancels the handler, which ends the subscription).
public enum EventStreamBindings {
    public static let serviceName = "hcsshim.events.v1.Events"

    public static func register(_ queue: EventQueue, into table: inout MethodTable) {
        table.registerServerStreaming(service: serviceName, method: "Subscribe") { (request: SubscribeRequest, _, sink) in
            let filter = EventFilter(topics: request.topics, containerIDs: request.containerIDs)
            let subscription = queue.subscribe(filter, resumeAfter: request.resume ? request.afterSequence : nil)
            var trimmedUnreported = subscription.historyTrimmed
            for await event in subscription.events {
                var record = EventRecord(
                    sequence: event.sequence,
                    envelope: Envelope(event.event, namespace: event.namespace, timestamp: event.timestamp))
                record.historyTrimmed = trimmedUnreported
                trimmedUnreported = false
                try await sink.send(record.packed())
            }
        }
    }
}
