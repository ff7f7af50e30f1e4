/// The replies a debugging client prints, as JSON values and table rows. Field names follow
/// the protobuf JSON mapping (lower camel case), so `--json` output reads like grpcurl's.
public enum ShimReport {
    public static func state(_ state: StateResponse) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(state.id), "bundle": .string(state.bundle), "pid": .integer(Int64(state.pid)),
            "status": .string(statusName(state.status)), "stdin": .string(state.stdin),
            "stdout": .string(state.stdout), "stderr": .string(state.stderr), "terminal": .bool(state.terminal),
            "exitStatus": .integer(Int64(state.exitStatus)), "execId": .string(state.execID),
        ]
        if let exitedAt = state.exitedAt { object["exitedAt"] = .string(Log.rfc3339(exitedAt)) }
        return .object(object)
    }

    public static func stateTable(_ state: StateResponse) -> TextTable {
        let exited = state.status == .stopped ? String(state.exitStatus) : ""
        return TextTable(
            header: ["TASK", "EXEC", "PID", "STATUS", "EXIT", "BUNDLE"],
            rows: [[state.id, state.execID.isEmpty ? "-" : state.execID, String(state.pid), statusName(state.status),
                    exited.isEmpty ? "-" : exited, state.bundle]])
    }

    public static func pids(_ processes: [ProcessInfo]) -> JSONValue {
        .array(processes.map { process in
            var object: [String: JSONValue] = ["pid": .integer(Int64(process.pid))]
            if let execID = execID(of: process) { object["execId"] = .string(execID) }
            return .object(object)
        })
    }

    public static func pidsTable(_ processes: [ProcessInfo]) -> TextTable {
        TextTable(header: ["PID", "EXEC"], rows: processes.map { [String($0.pid), execID(of: $0) ?? "-"] })
    }

    public static func stats(_ stats: ShimStats) -> JSONValue {
        .object([
            "type": .string(stats.typeURL), "cpuNanos": .unsignedInteger(stats.cpuNanos),
            "memoryUsageBytes": .unsignedInteger(stats.memoryUsageBytes),
            "memoryLimitBytes": .unsignedInteger(stats.memoryLimitBytes),
            "pidsCurrent": .unsignedInteger(stats.pidsCurrent), "pidsLimit": .unsignedInteger(stats.pidsLimit),
        ])
    }

    public static func statsTable(_ stats: ShimStats) -> TextTable {
        TextTable(
            header: ["METRIC", "VALUE"],
            rows: [
                ["cpu", "\(stats.cpuNanos) ns"], ["memory", "\(stats.memoryUsageBytes) bytes"],
                ["memory limit", "\(stats.memoryLimitBytes) bytes"], ["pids", String(stats.pidsCurrent)],
                ["pids limit", String(stats.pidsLimit)], ["metrics", stats.typeURL],
            ])
    }

    /// The exec id a Pids entry carries in its `ProcessDetails`; nil for the init process.
    public static func execID(of process: ProcessInfo) -> String? {
        guard let info = process.info, let details = try? info.unpacked(as: ProcessDetails.self) else { return nil }
        return details.execID
    }

    /// containerd's upper-case status names, as `ctr task ls` prints them.
    public static func statusName(_ status: ProcessStatus) -> String {
        switch status {
        case .unknown: "UNKNOWN"
        case .created: "CREATED"
        case .running: "RUNNING"
        case .stopped: "STOPPED"
        case .paused: "PAUSED"
        case .pausing: "PAUSING"
        }
    }
}
