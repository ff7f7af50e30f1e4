// Conversions between Task messages and the service's vocabulary (Compute specs, Core
// snapshots), so type URLs and option payloads are interpreted in one place.

extension CreateTaskRequest {
    /// The container to create. `options` is decoded when it is `containerd.runc.v1.Options` or
    /// `containerd.linux.runc.CreateOptions` (bare or prefixed type URL), or
    /// `runtimeoptions.v1.Options` whose config file or body the
    /// service reads; any other or empty type URL yields default options, as a custom shim must
    /// not fail `Create` over options meant for another runtime.
    /// Throws `.invalidArgument` when runc options are present but malformed.
    public func containerSpec(namespace: String) throws(ShimError) -> ContainerSpec {
        var runtimeOptions = RuntimeOptions()
        var generic = GenericRuntimeOptions()
        if let options, let runcShaped = try options.runcShapedOptions() {
            runtimeOptions = runcShaped
        } else if let options, options.holds(GenericRuntimeOptions.self) {
            generic = try options.unpacked(as: GenericRuntimeOptions.self)
        }
        var spec = ContainerSpec(
            id: id, bundle: bundle, namespace: namespace, rootfs: rootfs,
            stdio: StdioPaths(stdin: stdin, stdout: stdout, stderr: stderr, terminal: terminal),
            checkpoint: checkpoint, parentCheckpoint: parentCheckpoint, options: runtimeOptions)
        spec.runtimeConfigPath = generic.configPath
        spec.runtimeConfigBody = generic.configBody
        return spec
    }
}

extension ExecProcessRequest {
    /// The exec to add; the OCI `Process` JSON is passed through untouched (empty when the
    /// client sent no spec, which the backend rejects).
    public var execSpec: ExecSpec {
        ExecSpec(
            execID: execID, stdio: StdioPaths(stdin: stdin, stdout: stdout, stderr: stderr, terminal: terminal),
            processJSON: spec?.value ?? [])
    }
}

extension CheckpointTaskRequest {
    /// The checkpoint to take: the image goes to `path` (or the options' `imagePath` when the
    /// request names none). Options of another type URL are ignored; malformed checkpoint
    /// options (`containerd.runc.v1` or `containerd.linux.runc`) throw `.invalidArgument`.
    public func checkpointSpec() throws(ShimError) -> CheckpointSpec {
        let options = try self.options?.checkpointOptions() ?? CheckpointOptions()
        return CheckpointSpec(
            path: path.isEmpty ? options.imagePath : path, exit: options.exit, openTCP: options.openTCP,
            externalUnixSockets: options.externalUnixSockets, terminal: options.terminal, fileLocks: options.fileLocks,
            emptyNamespaces: options.emptyNamespaces, cgroupsMode: options.cgroupsMode, workPath: options.workPath)
    }
}

extension StateResponse {
    /// The State answer for `snapshot`; exit status and time only once the process exited.
    public init(_ snapshot: ProcessSnapshot) {
        self.init(
            id: snapshot.containerID, bundle: snapshot.bundle, pid: snapshot.pid, status: snapshot.status,
            stdin: snapshot.stdio.stdin, stdout: snapshot.stdio.stdout, stderr: snapshot.stdio.stderr,
            terminal: snapshot.stdio.terminal, exitStatus: snapshot.exit?.code ?? 0, exitedAt: snapshot.exit?.exitedAt,
            execID: snapshot.execID)
    }
}

extension DeleteResponse {
    /// The Delete answer for a process that ended with `status`.
    public init(pid: UInt32, status: ExitStatus) {
        self.init(pid: pid, exitStatus: status.code, exitedAt: status.exitedAt)
    }
}

extension ProcessInfo {
    /// A Pids entry; exec'd processes carry `containerd.runc.v1.ProcessDetails`, as runc-v2's do.
    public init(pid: UInt32, execID: String?) {
        self.init(pid: pid, info: execID.map { TypedPayload(ProcessDetails(execID: $0)) })
    }
}
