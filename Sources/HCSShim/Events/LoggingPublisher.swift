/// Logs each task lifecycle event at info as it is published, then hands it on: the one place
/// the shim's log records task create/start/exit/delete, so the log and the event stream can
/// never disagree. Logging happens on the publishing task, before the event is queued.
public struct LoggingPublisher: EventPublisher {
    private let next: any EventPublisher

    public init(_ next: any EventPublisher) { self.next = next }

    public func publish(_ event: ShimEvent) {
        Self.log(event)
        next.publish(event)
    }

    static func log(_ event: ShimEvent) {
        switch event {
        case .create(let id, let bundle, _, _, _, let pid):
            Log.info("task created", ["id": id, "pid": pid, "bundle": bundle])
        case .start(let id, let pid):
            Log.info("task started", ["id": id, "pid": pid])
        case .execStarted(let id, let execID, let pid):
            Log.info("exec started", ["id": id, "execID": execID, "pid": pid])
        case .exit(let id, let processID, let pid, let status):
            Log.info("process exited", ["id": id, "execID": processID == id ? "" : processID, "pid": pid, "status": status.code])
        case .delete(let id, _, let pid, let status):
            Log.info("task deleted", ["id": id, "pid": pid, "status": status.code])
        case .oom(let id):
            Log.warning("task out of memory", ["id": id])
        case .execAdded(let id, let execID):
            Log.debug("exec added", ["id": id, "execID": execID])
        case .paused(let id):
            Log.info("task paused", ["id": id])
        case .resumed(let id):
            Log.info("task resumed", ["id": id])
        case .checkpointed(let id, let checkpoint):
            Log.info("task checkpointed", ["id": id, "checkpoint": checkpoint])
        }
    }
}
