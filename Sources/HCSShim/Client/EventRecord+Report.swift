// Printing the shim's event stream: one line per record for people, one JSON object per line
// (JSON Lines) for scripts. Events the client cannot decode are printed with their type URL.

extension EventRecord {
    /// The event's fields by protobuf JSON name; empty when the payload is not a task event.
    public var eventFields: [(key: String, value: JSONValue)] {
        guard let payload = event, let decoded = try? ShimEvent(payload) else { return [] }
        switch decoded {
        case .create(let containerID, let bundle, _, _, _, let pid):
            return [("containerId", .string(containerID)), ("bundle", .string(bundle)), ("pid", .integer(Int64(pid)))]
        case .start(let containerID, let pid):
            return [("containerId", .string(containerID)), ("pid", .integer(Int64(pid)))]
        case .exit(let containerID, let id, let pid, let status):
            return [("containerId", .string(containerID)), ("id", .string(id)), ("pid", .integer(Int64(pid))),
                    ("exitStatus", .integer(Int64(status.code))), ("exitedAt", .string(Log.rfc3339(status.exitedAt)))]
        case .delete(let containerID, let execID, let pid, let status):
            return [("containerId", .string(containerID)), ("id", .string(execID)), ("pid", .integer(Int64(pid))),
                    ("exitStatus", .integer(Int64(status.code))), ("exitedAt", .string(Log.rfc3339(status.exitedAt)))]
        case .oom(let containerID), .paused(let containerID), .resumed(let containerID):
            return [("containerId", .string(containerID))]
        case .execAdded(let containerID, let execID):
            return [("containerId", .string(containerID)), ("execId", .string(execID))]
        case .execStarted(let containerID, let execID, let pid):
            return [("containerId", .string(containerID)), ("execId", .string(execID)), ("pid", .integer(Int64(pid)))]
        case .checkpointed(let containerID, let checkpoint):
            return [("containerId", .string(containerID)), ("checkpoint", .string(checkpoint))]
        }
    }

    /// `{"sequence":…,"timestamp":…,"namespace":…,"topic":…,"event":{"@type":…,…}}`.
    public var json: JSONValue {
        var event: [String: JSONValue] = ["@type": .string(self.event?.typeURL ?? "")]
        for (key, value) in eventFields { event[key] = value }
        var object: [String: JSONValue] = [
            "sequence": .unsignedInteger(sequence), "namespace": .string(namespace), "topic": .string(topic),
            "event": .object(event),
        ]
        if let timestamp { object["timestamp"] = .string(Log.rfc3339(timestamp)) }
        if historyTrimmed { object["historyTrimmed"] = .bool(true) }
        return .object(object)
    }

    /// `12 2026-11-29T19:00:00.000000001Z /tasks/exit containerId=c1 id=c1 pid=42 exitStatus=0 …`
    public var line: String {
        var text = "\(sequence) \(timestamp.map(Log.rfc3339) ?? "-") \(topic)"
        let fields = eventFields
        if fields.isEmpty, let payload = event { text += " type=\(payload.typeURL)" }
        for (key, value) in fields { text += " \(key)=\(Self.plain(value))" }
        if historyTrimmed { text += " (history trimmed: older events were dropped)" }
        return text
    }

    private static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): Log.quoted(text)
        case .integer(let number): String(number)
        case .unsignedInteger(let number): String(number)
        default: TextTable.json(value, compact: true).filter { $0 != "\n" }
        }
    }
}
