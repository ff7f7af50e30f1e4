#if os(Linux)
/// The Linux compute backend: containers through an OCI runtime CLI (runc by default; crun or
/// any compatible binary via `RuntimeOptions.binaryName`).
///
/// The shim process must be the child subreaper (set here too, idempotently) so container
/// inits become its children, and all waiting goes through `Reaper.shared`.
public final class RuncBackend: ComputeBackend {
    let ioFactory: RuncIOFactory

    /// A backend whose process stdio comes from the IO layer.
    public convenience init() {
        self.init(ioFactory: .standard)
    }

    init(ioFactory: RuncIOFactory) {
        self.ioFactory = ioFactory
        try? Subreaper.enable()
    }

    /// The runtime command for a container: runc-v2's root is `<root or /run/containerd/runc>/<ns>`.
    static func command(options: RuntimeOptions, namespace: String, bundle: RuncBundle) -> RuncCommand {
        let base = options.root.isEmpty ? "/run/containerd/runc" : options.root
        return RuncCommand(
            binary: options.binaryName.isEmpty ? RuncCommand.defaultBinary : options.binaryName,
            root: base + "/" + namespace, logPath: bundle.logPath,
            systemdCgroup: options.systemdCgroup, criuPath: options.criuPath)
    }

    /// `<runtime> features` of the runtime `options` name, as containerd 2.x reads it from
    /// `-info` (it checks ID-mapped mount support there before starting such containers).
    public func runtimeFeatures(options: RuntimeOptions) async throws -> TypedPayload? {
        let command = RuncCommand(
            binary: options.binaryName.isEmpty ? RuncCommand.defaultBinary : options.binaryName,
            root: options.root.isEmpty ? "/run/containerd/runc" : options.root, logPath: nil)
        return TypedPayload(typeURL: TypedPayload.ociFeaturesTypeURL, value: try await command.features())
    }

    public func create(_ spec: ContainerSpec) async throws -> any ComputeSystem {
        try await RuncContainerFactory(spec: spec, ioFactory: ioFactory).create()
    }

    /// The `delete` subcommand's cleanup: `runc delete --force` with the runtime and root
    /// recorded in `options.json` at create (defaults if absent), then unmount the rootfs.
    /// Both steps always run; the first failure is thrown afterwards (callers log it).
    ///
    /// runc and crun keep one directory per container under their root; when it is gone (the
    /// serving shim already deleted the container, as after every normal `Delete`) the runtime
    /// has nothing to delete and is not run: containerd runs this after every task, and a
    /// runtime call is a process start of its own (~15 ms for runc) on `ctr run --rm`'s path.
    public func cleanup(id: String, bundle: String, namespace: String) async throws {
        let runcBundle = RuncBundle(path: bundle)
        var options = RuntimeOptions()
        if let recorded = runcBundle.readOptions() {
            options.binaryName = recorded.binaryName
            options.systemdCgroup = recorded.systemdCgroup
            options.criuPath = recorded.criuPath
        }
        var command = Self.command(options: options, namespace: namespace, bundle: runcBundle)
        if let recorded = runcBundle.readOptions() { command.root = recorded.root }
        var failure: ShimError?
        if Files.exists(command.root + "/" + id) {
            do {
                try await command.run(.delete(id: id, force: true))
            } catch {
                if error.code != .notFound { failure = error }
            }
        }
        do { try Mount.unmountAll(runcBundle.rootfsPath) } catch { failure = failure ?? error }
        if let failure { throw failure }
    }
}
#endif
