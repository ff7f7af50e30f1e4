/// The containerd Task API's semantics, over any compute backend.
///
/// Plain `async throws` Swift: it takes and returns Swift values and knows nothing of ttrpc,
/// gRPC or protobuf (the transports adapt it in `TaskServiceBindings`). It is an actor: the
/// container table and every process lifecycle change on it, so transitions are atomic even
/// though backend calls suspend. Across a suspension another call may run; transient
/// lifecycle states (`starting`, `deleting`, reserved ids) keep such interleavings safe.
///
/// Errors are `ShimError`s with containerd's codes: unknown container or process → `.notFound`,
/// duplicate ids → `.alreadyExists`, a call in the wrong state → `.failedPrecondition`, bad ids
/// → `.invalidArgument`, a capability the backend lacks → `.unimplemented`.
public actor TaskService {
    let backend: any ComputeBackend
    let publisher: any EventPublisher
    let shimPID: UInt32
    /// Called once when `Shutdown` finds no container left; the caller exits the process.
    let onShutdown: @Sendable () -> Void

    var containers: [String: ManagedContainer] = [:]
    /// Container ids reserved by a `Create` whose backend call is still in flight.
    var reservedIDs: Set<String> = []
    var shuttingDown = false

    public init(
        backend: any ComputeBackend, publisher: any EventPublisher, shimPID: UInt32,
        onShutdown: @escaping @Sendable () -> Void
    ) {
        self.backend = backend
        self.publisher = publisher
        self.shimPID = shimPID
        self.onShutdown = onShutdown
    }

    /// Creates the container and its (not yet started) init process; returns the init pid.
    public func create(_ request: ContainerSpec) async throws(ShimError) -> UInt32 {
        try Identifier.validate(request.id, "container id")
        try Identifier.validate(request.namespace, "namespace")
        try Self.requireAbsolute(request.bundle, "bundle")
        if !request.checkpoint.isEmpty { try Self.requireAbsolute(request.checkpoint, "checkpoint") }
        if !request.parentCheckpoint.isEmpty { try Self.requireAbsolute(request.parentCheckpoint, "parent checkpoint") }
        var spec = request
        if !spec.runtimeConfigPath.isEmpty || !spec.runtimeConfigBody.isEmpty {
            spec.options = try RuntimeConfigFile.load(
                path: spec.runtimeConfigPath, body: spec.runtimeConfigBody, base: spec.options)
        }
        guard !shuttingDown else { throw ShimError.failedPrecondition("shim is shutting down") }
        guard containers[spec.id] == nil, !reservedIDs.contains(spec.id) else {
            throw ShimError.alreadyExists("container \(spec.id) already exists")
        }
        reservedIDs.insert(spec.id)
        defer { reservedIDs.remove(spec.id) }
        let system: any ComputeSystem
        do { system = try await backend.create(spec) } catch { throw ShimError.classify(error) }
        let container = ManagedContainer(spec: spec, system: system)
        containers[spec.id] = container
        let pid = container.initProcess.lifecycle.pid
        publisher.publish(.create(
            containerID: spec.id, bundle: spec.bundle, rootfs: spec.rootfs, io: spec.stdio,
            checkpoint: spec.checkpoint, pid: pid))
        // The init is watched from here, not from `Start`: a created task can die without ever
        // starting (killed, or its runtime's init killed), and its exit must still be reported.
        watchExit(of: container.initProcess, in: container)
        return pid
    }

    /// Starts the init process (empty `execID`) or an exec; returns its pid.
    public func start(id: String, execID: String) async throws(ShimError) -> UInt32 {
        let container = try container(id)
        let managed = try container.process(execID)
        if !managed.isInit && container.initHasExited {
            throw ShimError.failedPrecondition("container \(id) init process is not running")
        }
        try managed.lifecycle.beginStart()
        let pid: UInt32
        do {
            pid = UInt32(clamping: try await managed.process.start())
        } catch {
            managed.lifecycle.startFailed()
            finishInitExitIfReady(container)
            throw ShimError.classify(error)
        }
        managed.lifecycle.started(pid: pid)
        // An exec's exit watcher is created only after its start event is queued; the init's
        // exit, watched since `Create`, is held while it is starting. So TaskExit cannot
        // precede the start event.
        publisher.publish(managed.isInit
            ? .start(containerID: id, pid: pid)
            : .execStarted(containerID: id, execID: execID, pid: pid))
        if managed.isInit {
            await watchOOM(of: container)
            finishInitExitIfReady(container)
        } else {
            watchExit(of: managed, in: container)
        }
        return pid
    }

    public func state(id: String, execID: String) throws(ShimError) -> ProcessSnapshot {
        let container = try container(id)
        return try container.process(execID).snapshot(bundle: container.spec.bundle)
    }

    /// Blocks until the process has exited; for init, until every exec has exited too.
    public func wait(id: String, execID: String) async throws(ShimError) -> ExitStatus {
        let managed = try container(id).process(execID)
        return await managed.waitForExit()
    }

    /// The shim's pid, the init pid of `id` (0 when unknown) and the shim's version.
    public func connect(id: String) -> (shimPID: UInt32, taskPID: UInt32, version: String) {
        (shimPID, containers[id]?.initProcess.lifecycle.pid ?? 0, ShimVersion.version)
    }

    /// Exits the shim once no container is left; otherwise does nothing (containerd sends
    /// `Shutdown` after every `Delete`, and a grouped shim serves several containers).
    public func shutdown(now: Bool) {
        guard containers.isEmpty, reservedIDs.isEmpty, !shuttingDown else { return }
        shuttingDown = true
        onShutdown()
    }

    /// The number of containers still held, for diagnostics and tests.
    public var containerCount: Int { containers.count }

    /// Looks up a container. A malformed id is `.invalidArgument` (it names no container and
    /// must never reach a path); a well-formed unknown one is `.notFound`.
    func container(_ id: String) throws(ShimError) -> ManagedContainer {
        try Identifier.validate(id, "container id")
        guard let container = containers[id] else { throw ShimError.notFound("container \(id) not created") }
        return container
    }

    /// Paths the protocol defines as absolute (bundle, checkpoint images) are refused
    /// otherwise, before anything is created relative to the shim's working directory.
    static func requireAbsolute(_ path: String, _ what: String) throws(ShimError) {
        guard path.hasPrefix("/"), !path.utf8.contains(0) else {
            throw ShimError.invalidArgument("\(what) \"\(path.prefix(200))\" must be an absolute path")
        }
    }
}
