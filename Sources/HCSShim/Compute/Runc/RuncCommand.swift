#if os(Linux)
/// A configured OCI runtime CLI — runc by default, crun or any compatible binary — and the
/// one place that runs it (go-runc's `Runc` struct, in Swift).
///
/// Global flags: `--root <root>` (state directory), `--log <bundle>/log.json --log-format json`
/// and `--systemd-cgroup`. Every call goes through `ProcessSpawner` and the `Reaper`, so the
/// runtime's exit is never lost to another `wait`. Failures are classified by `RuncErrors`
/// from the log lines written during the call and the runtime's stderr.
struct RuncCommand: Sendable {
    /// The runtime binary: a name looked up in PATH, or a path.
    var binary: String
    /// The runtime's state root (`--root`).
    var root: String
    /// The JSON log file (`--log`), usually `<bundle>/log.json`; nil for no log.
    var logPath: String?
    var systemdCgroup = false
    /// A CRIU binary other than the default (`--criu`, runc only).
    var criuPath = ""

    static let defaultBinary = "runc"

    /// The default runtime root of containerd's runc shim for a namespace.
    static func defaultRoot(namespace: String) -> String {
        "/run/containerd/runc/\(namespace)"
    }

    /// The full argv for `operation`. Pure.
    func arguments(for operation: RuncOperation) -> [String] {
        var args = [binary, "--root", root]
        if let logPath { args += ["--log", logPath, "--log-format", "json"] }
        if systemdCgroup { args.append("--systemd-cgroup") }
        if !criuPath.isEmpty { args += ["--criu", criuPath] }
        return args + operation.arguments
    }

    /// Runs `operation` with its output captured; returns stdout. `input` is fed to stdin (the
    /// JSON of `update`). Throws the classified runtime error on a non-zero exit, `.notFound`
    /// if the binary is missing.
    @discardableResult
    func run(_ operation: RuncOperation, input: [UInt8] = []) async throws(ShimError) -> [UInt8] {
        let logStart = logSize()
        let output = try await ProcessSpawner.run(arguments(for: operation), input: input)
        guard output.status.code == 0 else {
            throw failure(operation, logStart: logStart, stderr: output.stderr, status: output.status)
        }
        return output.stdout
    }

    /// Runs `operation` with a container process's stdio as the runtime's fds 0, 1, 2 (the
    /// process inherits them; nil → /dev/null). Used for create, exec and restore, whose
    /// detached process would otherwise hold a capture pipe open: errors come from the log.
    func run(
        _ operation: RuncOperation, stdin: FileDescriptor?, stdout: FileDescriptor?, stderr: FileDescriptor?
    ) async throws(ShimError) {
        let logStart = logSize()
        let pid = try ProcessSpawner.spawn(arguments(for: operation), stdin: stdin, stdout: stdout, stderr: stderr)
        let status = await Reaper.shared.wait(pid: pid)
        guard status.code == 0 else {
            throw failure(operation, logStart: logStart, stderr: [], status: status)
        }
    }

    private func failure(_ operation: RuncOperation, logStart: Int, stderr: [UInt8], status: ExitStatus) -> ShimError {
        let logged = logPath.flatMap { try? Files.read($0) } ?? []
        let fresh = logged.count > logStart ? Array(logged[logStart...]) : []
        let message = RuncErrors.message(logBytes: fresh, stderr: stderr, status: status)
        let name = binary.split(separator: "/").last.map(String.init) ?? binary
        return RuncErrors.classify(operation: "\(name) \(operation.name)", message: message)
    }

    /// The log's size before a call, so only the lines that call wrote are read back.
    private func logSize() -> Int {
        logPath.flatMap(Files.size) ?? 0
    }
}

extension RuncCommand {
    /// `runc ps --format json`: the container's host pids.
    func pids(id: String) async throws(ShimError) -> [Int32] {
        let stdout = try await run(.ps(id: id))
        return try JSONValueDecoder.decode([Int32]?.self, from: stdout, what: "\(binary) ps output", code: .internal) ?? []
    }

    /// `runc features`: the OCI runtime features document, as the runtime printed it. Throws
    /// the classified runtime error (a runtime without the command exits non-zero) and
    /// `.internal` when the output is not a JSON object.
    func features() async throws(ShimError) -> [UInt8] {
        let stdout = try await run(.features)
        guard case .object = try? JSONParser.parse(stdout) else {
            throw .internal("\(binary) features: the output is not a JSON object")
        }
        return stdout
    }

    /// `runc state`: the runtime's status string (`created`, `running`, `paused`, `stopped`).
    func status(id: String) async throws(ShimError) -> String {
        struct State: Decodable { var status: String }
        let stdout = try await run(.state(id: id))
        return try JSONValueDecoder.decode(State.self, from: stdout, what: "\(binary) state output", code: .internal).status
    }
}
#endif
