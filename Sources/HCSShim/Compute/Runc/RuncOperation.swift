#if os(Linux)
/// One invocation of an OCI runtime CLI (runc, crun), as data: `RuncCommand.arguments(for:)`
/// turns it into argv with the flags go-runc uses, so the mapping is table-tested without
/// running anything.
enum RuncOperation: Sendable, Equatable {
    case create(id: String, bundle: String, pidFile: String, consoleSocket: String?, noPivot: Bool, noNewKeyring: Bool)
    case start(id: String)
    case exec(id: String, processFile: String, pidFile: String, consoleSocket: String?)
    case kill(id: String, signal: Int32, all: Bool)
    case delete(id: String, force: Bool)
    case ps(id: String)
    case state(id: String)
    case pause(id: String)
    case resume(id: String)
    /// Reads `LinuxResources` JSON from stdin.
    case update(id: String)
    case checkpoint(id: String, options: CheckpointArguments)
    case restore(id: String, bundle: String, pidFile: String, consoleSocket: String?, noPivot: Bool, options: CheckpointArguments)
    /// The runtime's OCI `features` document (runc ≥ 1.1, crun ≥ 1.9).
    case features

    /// The CRIU flags shared by checkpoint and restore.
    struct CheckpointArguments: Sendable, Equatable {
        var imagePath: String
        var workPath = ""
        var parentPath = ""
        var leaveRunning = false
        var tcpEstablished = false
        var externalUnixSockets = false
        var shellJob = false
        var fileLocks = false
        var emptyNamespaces: [String] = []
        var manageCgroupsMode = ""

        var arguments: [String] {
            var args = ["--image-path", imagePath]
            if !workPath.isEmpty { args += ["--work-path", workPath] }
            if !parentPath.isEmpty { args += ["--parent-path", parentPath] }
            if leaveRunning { args.append("--leave-running") }
            if tcpEstablished { args.append("--tcp-established") }
            if externalUnixSockets { args.append("--ext-unix-sk") }
            if shellJob { args.append("--shell-job") }
            if fileLocks { args.append("--file-locks") }
            for namespace in emptyNamespaces { args += ["--empty-ns", namespace] }
            if !manageCgroupsMode.isEmpty { args += ["--manage-cgroups-mode", manageCgroupsMode] }
            return args
        }
    }

    /// The subcommand name, for messages ("runc create").
    var name: String {
        switch self {
        case .create: "create"
        case .start: "start"
        case .exec: "exec"
        case .kill: "kill"
        case .delete: "delete"
        case .ps: "ps"
        case .state: "state"
        case .pause: "pause"
        case .resume: "resume"
        case .update: "update"
        case .checkpoint: "checkpoint"
        case .restore: "restore"
        case .features: "features"
        }
    }

    /// The subcommand's own arguments, after the global ones.
    var arguments: [String] {
        switch self {
        case let .create(id, bundle, pidFile, consoleSocket, noPivot, noNewKeyring):
            var args = ["create", "--bundle", bundle, "--pid-file", pidFile]
            if let consoleSocket { args += ["--console-socket", consoleSocket] }
            if noPivot { args.append("--no-pivot") }
            if noNewKeyring { args.append("--no-new-keyring") }
            return args + [id]
        case let .start(id):
            return ["start", id]
        case let .exec(id, processFile, pidFile, consoleSocket):
            var args = ["exec", "--detach", "--pid-file", pidFile, "--process", processFile]
            if let consoleSocket { args += ["--console-socket", consoleSocket] }
            return args + [id]
        case let .kill(id, signal, all):
            return ["kill"] + (all ? ["--all"] : []) + [id, String(signal)]
        case let .delete(id, force):
            return ["delete"] + (force ? ["--force"] : []) + [id]
        case let .ps(id):
            return ["ps", "--format", "json", id]
        case let .state(id):
            return ["state", id]
        case let .pause(id):
            return ["pause", id]
        case let .resume(id):
            return ["resume", id]
        case let .update(id):
            return ["update", "--resources", "-", id]
        case let .checkpoint(id, options):
            return ["checkpoint"] + options.arguments + [id]
        case let .restore(id, bundle, pidFile, consoleSocket, noPivot, options):
            var args = ["restore", "--detach", "--pid-file", pidFile, "--bundle", bundle, "--no-subreaper"]
            if let consoleSocket { args += ["--console-socket", consoleSocket] }
            if noPivot { args.append("--no-pivot") }
            return args + options.arguments + [id]
        case .features:
            return ["features"]
        }
    }
}
#endif
