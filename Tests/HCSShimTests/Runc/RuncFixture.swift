#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// A busybox bundle for real-runtime tests: the rootfs is built once per test in a separate
/// directory and bind-mounted onto `<bundle>/rootfs` by the backend (as containerd's rootfs
/// mounts would be); the runtime root is private to the test.
struct RuncFixture {
    let base: String
    let bundle: String
    let image: String
    let runtime: String
    let id: String

    static let packageRoot: String = {
        // Tests run from the package root (swift test), where Tests/fixtures lives.
        var buffer = [CChar](repeating: 0, count: 4096)
        return getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
    }()

    /// The runtimes under test: runc, and crun through the hybrid-cgroup wrapper.
    static let runtimes = ["runc", packageRoot + "/Tests/fixtures/crun-nohybrid"]

    init(runtime: String = "runc", args: [String], edit: (inout JSONValue) -> Void = { _ in }) async throws {
        self.runtime = runtime
        base = try Files.makeTemporaryDirectory(prefix: "hcsshim-runc-")
        bundle = base + "/bundle"
        image = base + "/image"
        id = "t" + String(base.suffix(6)).lowercased().filter { $0.isLetter || $0.isNumber }
        let built = try await ProcessSpawner.run([Self.packageRoot + "/Tests/fixtures/busybox-bundle.sh", image])
        try #require(built.status.code == 0, "\(String(decoding: built.stderr, as: UTF8.self))")
        try Files.makeDirectory(bundle, mode: 0o700)
        var config = try JSONValue.decode(try Files.read(image + "/config.json"), what: "config")
        var process = config["process"] ?? .object([:])
        process["args"] = .array(args.map { .string($0) })
        config["process"] = process
        var root = config["root"] ?? .object([:])
        root["readonly"] = .bool(true)
        config["root"] = root
        edit(&config)
        try Files.writeAtomically(bundle + "/config.json", try config.encoded)
    }

    var spec: ContainerSpec {
        var options = RuntimeOptions()
        options.binaryName = runtime
        options.root = base + "/state"
        return ContainerSpec(
            id: id, bundle: bundle, namespace: "test",
            rootfs: [MountSpec(type: "bind", source: image + "/rootfs", options: ["rbind", "ro"])],
            stdio: fileStdio, options: options)
    }

    var outputPath: String { base + "/output" }

    /// Stdio sending stdout and stderr to `outputPath` through containerd's `file://` scheme.
    var fileStdio: StdioPaths {
        StdioPaths(stdout: "file://" + outputPath, stderr: "file://" + outputPath)
    }

    func output() -> String {
        (try? Files.readText(outputPath)) ?? ""
    }

    /// Runs `body`, then removes everything even if it failed: the runtime state through the
    /// backend's `cleanup` (as the `delete` subcommand would), the mounts, the directories.
    func run(_ body: (RuncFixture) async throws -> Void) async throws {
        var failure: (any Error)?
        do { try await body(self) } catch { failure = error }
        try? await RuncBackend().cleanup(id: id, bundle: bundle, namespace: "test")
        _ = try? await ProcessSpawner.run(["rm", "-rf", base])
        if let failure { throw failure }
    }

    /// Whether `<bundle>/rootfs` is still mounted.
    var rootfsMounted: Bool { Mount.isMountPoint(bundle + "/rootfs") }

    /// The runtime's own view of the container (`state`).
    func runtimeStatus() async throws(ShimError) -> String {
        try await RuncCommand(binary: runtime, root: base + "/state/test", logPath: nil).status(id: id)
    }

    /// This process's descriptors that point into the fixture's directory (leak check).
    func openDescriptorsUnderBase() -> [String] {
        guard let dir = opendir("/proc/self/fd") else { return [] }
        defer { closedir(dir) }
        var targets: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/fd/" + name, &buffer, buffer.count - 1)
            guard count > 0 else { continue }
            let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix(base) { targets.append(target) }
        }
        return targets
    }

    /// Whether the runtime still knows the container.
    func runtimeHasState() -> Bool {
        Files.exists(base + "/state/test/" + id)
    }
}

