#if os(Linux)
/// What the runc backend reads from and writes to a bundle directory.
///
/// Reads `config.json` (for the namespaces: `killAllOnInitExit`); writes `options.json` — the runtime binary and root chosen at
/// create — so the `delete` subcommand, run by containerd after the shim is gone, force-deletes
/// with the same runtime and root (as containerd's runc-v2 shim does).
struct RuncBundle: Sendable {
    let path: String

    var configPath: String { path + "/config.json" }
    var rootfsPath: String { path + "/rootfs" }
    var optionsPath: String { path + "/options.json" }
    var logPath: String { path + "/log.json" }
    var initPidFile: String { path + "/init.pid" }
    func execPidFile(_ execID: String) -> String { path + "/\(execID).pid" }
    func execProcessFile(_ execID: String) -> String { path + "/.\(execID).process.json" }

    /// Decodes `config.json` (the shared `OCISpec`). Throws `.notFound` if missing,
    /// `.invalidArgument` if malformed.
    func readConfig() throws(ShimError) -> OCISpec {
        try OCISpec.decode(try Files.read(configPath), what: configPath)
    }

    /// The runtime choice recorded in `options.json` (runc-v2's field names).
    struct RecordedOptions: Decodable, Sendable, Equatable {
        var binaryName: String
        var root: String
        var systemdCgroup: Bool
        var criuPath: String

        enum CodingKeys: String, CodingKey {
            case binaryName = "binary_name", root, systemdCgroup = "systemd_cgroup", criuPath = "criu_path"
        }
    }

    func writeOptions(_ options: RecordedOptions) throws(ShimError) {
        typealias Key = RecordedOptions.CodingKeys
        let json = JSONValue.object([
            Key.binaryName.rawValue: .string(options.binaryName), Key.root.rawValue: .string(options.root),
            Key.systemdCgroup.rawValue: .bool(options.systemdCgroup), Key.criuPath.rawValue: .string(options.criuPath),
        ])
        try Files.writeAtomically(optionsPath, json.encoded, mode: 0o600)
    }

    /// The recorded options, nil if the file is missing or unreadable.
    func readOptions() -> RecordedOptions? {
        guard let bytes = try? Files.read(optionsPath) else { return nil }
        return try? JSONValueDecoder.decode(RecordedOptions.self, from: bytes, what: optionsPath)
    }

    /// Reads a pid file the runtime wrote (decimal, maybe with a newline).
    static func readPid(_ path: String) throws(ShimError) -> Int32 {
        let text = try Files.readText(path).trimmedLines
        guard let pid = Int32(text), pid > 0 else {
            throw ShimError(.internal, "read pid file \(path): unexpected content \"\(text)\"")
        }
        return pid
    }
}

extension OCISpec {
    /// True unless the container has its own pid namespace (a `pid` entry with no path): then
    /// init's death kills the rest; otherwise the shim must kill them (runc-v2's
    /// `ShouldKillAllOnExit`).
    var killAllOnInitExit: Bool {
        let ownPidNamespace = linux?.namespaces?.contains { $0.type == "pid" && ($0.path ?? "").isEmpty } ?? false
        return !ownPidNamespace
    }
}
#endif
