import ArgumentParser
import HCSShim

/// `events`: the shim's own event stream (`hcsshim.events.v1.Events/Subscribe`).
/// Without --follow it prints the retained history (after --resume-after N) and exits once the
/// stream has been quiet for --idle-ms; with --follow it keeps streaming live events, replaying
/// history first only when --resume-after is given.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Print the shim's task events, with sequence numbers.")

    @Option(help: "The shim's socket (a path, or unix://PATH). Overrides --address/--namespace/--id.")
    var socket: String?
    @Option(help: "containerd's gRPC socket, used to derive the shim's socket name.")
    var address = "/run/containerd/containerd.sock"
    @Option(name: [.short, .long], help: "The containerd namespace.")
    var namespace = "default"
    @Option(help: "The task id whose shim to find (not a filter; see --container).")
    var id: String?
    @Flag(help: "Keep streaming live events until interrupted.")
    var follow = false
    @Option(help: "Only this topic (e.g. /tasks/exit); repeatable.")
    var topic: [String] = []
    @Option(help: "Only events of this container id; repeatable.")
    var container: [String] = []
    @Option(help: "Replay retained events with a sequence above N first.")
    var resumeAfter: UInt64?
    @Option(help: "Without --follow: stop after this many quiet milliseconds.")
    var idleMs = 500
    @Flag(help: "Print one JSON object per line.")
    var json = false

    func validate() throws {
        guard socket != nil || id != nil else { throw ValidationError("give --socket, or --id (with --address/--namespace)") }
    }

    func run() async throws {
        let path: String
        if let socket {
            path = socket.hasPrefix("unix://") ? String(socket.dropFirst("unix://".count)) : socket
        } else {
            path = ShimClient.socketPath(containerdAddress: address, namespace: namespace, id: id ?? "")
        }
        let client = try ShimClient(socketPath: path, namespace: namespace)
        let request = SubscribeRequest(
            topics: topic, containerIDs: container, resume: !follow || resumeAfter != nil, afterSequence: resumeAfter ?? 0)
        let lastSeen = Locked(ContinuousClock.now)
        let json = self.json
        let printing = Task {
            for try await record in client.subscribe(request) {
                // Unbuffered: a follower is usually ended by a signal, and piped output must not wait.
                ShimProcess.write(Array((json ? TextTable.json(record.json, compact: true) : record.line + "\n").utf8), to: 1)
                lastSeen.withLock { $0 = .now }
            }
        }
        if !follow {
            let idle = Duration.milliseconds(idleMs)
            Task {
                while !printing.isCancelled {
                    try await Task.sleep(for: .milliseconds(50))
                    if ContinuousClock.now - lastSeen.value > idle { printing.cancel() }
                }
            }
        }
        do {
            try await printing.value
        } catch is CancellationError {
        } catch let error as ShimError where error.code == .canceled && !follow {
        }
    }
}
