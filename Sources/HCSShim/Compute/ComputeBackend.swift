/// The compute protocol: what the Task service needs from a container runtime.
///
/// Small and async. Backends classify their own failures into `ShimError` codes (a runtime's
/// stderr, errno, HRESULTs); the service never string-matches. Create, start, exec, signal,
/// resize, close stdin, wait and delete are required; pause, resume, update, stats and
/// checkpoint are optional and default to `.unimplemented`.
public protocol ComputeBackend: Sendable {
    /// Creates the container and its init process, which is created but not yet started.
    /// On failure nothing is left behind (rootfs unmounted, runtime state removed).
    /// Throws `.alreadyExists`, `.invalidArgument`, `.notFound` (missing runtime binary), `.unknown`.
    func create(_ spec: ContainerSpec) async throws -> any ComputeSystem

    /// What the compute system supports, for `-info`: for an OCI runtime its `features`
    /// document (type URL `TypedPayload.ociFeaturesTypeURL`); nil when the backend has none.
    /// Throws the runtime's classified error when it cannot say (e.g. no `features` command).
    func runtimeFeatures(options: RuntimeOptions) async throws -> TypedPayload?

    /// Best-effort cleanup of a container whose shim is gone (the `delete` subcommand): force
    /// delete the runtime state and unmount `bundle/rootfs`. Idempotent; must finish fast.
    func cleanup(id: String, bundle: String, namespace: String) async throws
}

/// One container: its init process plus any exec'd processes.
public protocol ComputeSystem: AnyObject, Sendable {
    var id: String { get }
    /// The init process; its `pid` is known from `create` on (0 where the backend cannot know).
    var initProcess: any ComputeProcess { get }
    /// Whether the other processes must be killed when init exits (a container sharing its
    /// parent's pid namespace would otherwise keep them alive).
    var killAllOnInitExit: Bool { get }

    /// Prepares an additional process; it runs only after `start()` on the returned process.
    /// Throws `.invalidArgument` for a bad process spec.
    func exec(_ spec: ExecSpec) async throws -> any ComputeProcess
    /// The host pids of every process in the container.
    func pids() async throws -> [Int32]
    /// Sends `signal` to every process of the container (runc `kill --all`).
    func signalAll(_ signal: Int32) async throws
    /// Removes the container from the runtime, unmounts its rootfs and releases its IO.
    /// Idempotent: a container already gone is not an error.
    func delete() async throws

    func pause() async throws
    func resume() async throws
    /// Applies OCI `LinuxResources` (JSON) to the running container.
    func update(resources: [UInt8], annotations: [String: String]) async throws
    /// The container's metrics as an `Any` (`io.containerd.cgroups.v1.Metrics`, ...).
    func stats() async throws -> TypedPayload
    func checkpoint(_ spec: CheckpointSpec) async throws
    /// OOM kills in the container, one element each; finishes when the container is deleted.
    func oomEvents() -> AsyncStream<Void>
    /// The container's OOM kills so far, read now; nil when the backend keeps no count. Lets the
    /// service publish an OOM that happened before the init's exit even when its notification
    /// is still on its way.
    func oomKillCount() async -> UInt64?
}

/// One process: the init process or an exec.
public protocol ComputeProcess: AnyObject, Sendable {
    /// The exec id, or the container id for the init process.
    var id: String { get }
    /// The host pid, 0 until known.
    var pid: Int32 { get }

    /// Starts the process and returns its pid. For init this runs the user program.
    func start() async throws -> Int32
    /// Sends `signal` to this process. Throws `.notFound` if it has already exited.
    func signal(_ signal: Int32) async throws
    /// Returns when the process has exited and its output has been drained. Never throws; an
    /// exit that happened before the call is remembered (subscribe-before-start is the
    /// backend's duty).
    func wait() async -> ExitStatus
    /// Resizes the process's terminal; a no-op without one.
    func resize(_ size: ConsoleSize) async throws
    /// Closes the process's stdin so it reads EOF.
    func closeStdin() async throws
    /// Releases the process's IO and bookkeeping (pid file). Called once, after exit.
    func delete() async throws
}

extension ComputeBackend {
    public func runtimeFeatures(options: RuntimeOptions) async throws -> TypedPayload? { nil }
}

extension ComputeSystem {
    public func pause() async throws { throw ShimError.unimplemented("pause is not supported by this compute system") }
    public func resume() async throws { throw ShimError.unimplemented("resume is not supported by this compute system") }
    public func update(resources: [UInt8], annotations: [String: String]) async throws {
        throw ShimError.unimplemented("update is not supported by this compute system")
    }
    public func stats() async throws -> TypedPayload {
        throw ShimError.unimplemented("stats are not supported by this compute system")
    }
    public func checkpoint(_ spec: CheckpointSpec) async throws {
        throw ShimError.unimplemented("checkpoint is not supported by this compute system")
    }
    public func oomEvents() -> AsyncStream<Void> { AsyncStream { $0.finish() } }
    public func oomKillCount() async -> UInt64? { nil }
}
