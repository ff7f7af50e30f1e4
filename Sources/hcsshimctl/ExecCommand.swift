import ArgumentParser
import HCSShim

/// `exec`: runs an extra process in a task, like `ctr task exec`: the task's init process
/// with new args (or a whole process JSON), output relayed through fifos this command creates
/// (or /dev/null with --null-io), then waits, deletes the exec and exits with its status.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a process in a task: exec [options] -- CMD [ARGS...]")

    @OptionGroup var shim: ShimOptions
    @Option(help: "The exec id; a fresh one when omitted.")
    var execID: String?
    @Option(help: "An OCI process JSON file to run instead of -- CMD ARGS.")
    var process: String?
    @Flag(help: "Give the process /dev/null for stdin, stdout and stderr.")
    var nullIO = false
    @Flag(help: "Start the process and return its pid without waiting.")
    var detach = false
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (after --).")
    var command: [String] = []

    func validate() throws {
        let args = command.first == "--" ? Array(command.dropFirst()) : command
        guard (process == nil) != args.isEmpty else { throw ValidationError("give either --process FILE or -- CMD ARGS") }
    }

    func run() async throws {
        let client = try shim.client()
        let execID = self.execID ?? "hcsshimctl-\(UInt32.random(in: 100_000...999_999))"
        let args = command.first == "--" ? Array(command.dropFirst()) : command
        let spec: [UInt8]
        if let process {
            spec = try ExecProcessSpec.fromJSON(try Files.read(process))
        } else {
            spec = try ExecProcessSpec.fromBundle(try await client.state(id: shim.id).bundle, args: args)
        }
        let relay = (nullIO || detach) ? nil : try OutputFifos()
        defer { relay?.remove() }
        try await client.exec(
            id: shim.id, execID: execID, processJSON: spec, stdout: relay?.stdoutPath ?? "",
            stderr: relay?.stderrPath ?? "")
        let pid = try await client.start(id: shim.id, execID: execID)
        if detach {
            shim.emit(.object(["execId": .string(execID), "pid": .integer(Int64(pid))]),
                      TextTable(header: ["EXEC", "PID"], rows: [[execID, String(pid)]]))
            return
        }
        let exited = Locked(false)
        async let waited = Self.wait(client, id: shim.id, execID: execID, exited: exited)
        if let relay { try await relay.copyUntilClosed(exited: exited) }
        let status = try await waited
        _ = try? await client.delete(id: shim.id, execID: execID)
        if shim.json {
            print(TextTable.json(.object(["execId": .string(execID), "pid": .integer(Int64(pid)),
                                          "exitStatus": .integer(Int64(status.exitStatus))]), compact: true), terminator: "")
        }
        if status.exitStatus != 0 { throw ExitCode(Int32(truncatingIfNeeded: status.exitStatus)) }
    }

    private static func wait(_ client: ShimClient, id: String, execID: String, exited: Locked<Bool>) async throws -> WaitResponse {
        defer { exited.value = true }
        return try await client.wait(id: id, execID: execID)
    }
}
