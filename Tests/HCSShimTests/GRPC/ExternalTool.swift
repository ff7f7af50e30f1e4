import Foundation

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

    /// Runs `executable` to completion (killed after `timeout` seconds) without blocking a
    /// cooperative thread: the server under test needs those to answer.
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 30) async throws -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hcsshim-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
            }
        }
        return Output(
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
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
