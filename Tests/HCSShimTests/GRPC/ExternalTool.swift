import Foundation
import Glibc

/// Runs real external clients (grpcurl, python grpcio) for the interoperability tests.
enum ExternalTool {
    /// What a tool printed. Its exit status is deliberately not reported: other suites in this
    /// process run the shim's reaper (a subreaper calling `wait4(-1)`), which can collect our
    /// children before Foundation does, so tests judge tools by their output alone.
    struct Output {
        var stdout: String
        var stderr: String
    }

    /// The first executable named `name` on PATH, then in the usual pip script directories.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let directories = path.split(separator: ":").map(String.init)
            + ["\(home)/.local/bin", "\(home)/.pyenv/shims", "/usr/local/bin"]
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why `python3` with grpcio cannot be used here, or nil when it can.
    static func pythonGRPCMissing() async -> String? {
        guard let python = find("python3") else { return "python3 is not on PATH" }
        guard let output = try? await run(python, ["-c", "import grpc; print('ok')"]), output.stdout == "ok\n" else {
            return "python3 has no grpcio (pip install grpcio)"
        }
        return nil
    }

    /// Runs `executable` to completion (killed after `timeout` seconds), stdout and stderr
    /// into files, without blocking a cooperative thread (the server under test needs them).
    ///
    /// Not Foundation's `Process`: other suites in this process run the shim's reaper, which
    /// blocks SIGCHLD for its signalfd and reaps every child with `wait4(-1)`, so Process's
    /// SIGCHLD-driven termination handler may never run. Instead this polls `waitpid(pid,
    /// WNOHANG)`: our child is done when we reap it or when it is already gone (ECHILD).
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 30) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hcsshim-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutPath = directory.appendingPathComponent("stdout").path
        let stderrPath = directory.appendingPathComponent("stderr").path

        let pid = try spawn(executable, arguments, stdout: stdoutPath, stderr: stderrPath)
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let reaped = waitpid(pid, nil, WNOHANG)
            if reaped == pid || (reaped == -1 && errno == ECHILD) { break }
            if ContinuousClock.now > deadline { kill(pid, SIGKILL) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return Output(
            stdout: (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
    }

    /// posix_spawn with stdin from /dev/null and stdout/stderr into new files.
    private static func spawn(_ executable: String, _ arguments: [String], stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard error == 0 else { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO) }
        return pid
    }

    /// Tests/clients/<name>, found from this source file's location.
    static func client(_ name: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("clients").appendingPathComponent(name).path
    }
}

extension [UInt8] {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
