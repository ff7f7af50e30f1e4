/// Maps `containerd.task.v2.Task` and the wire-identical `containerd.task.v3.Task` onto the
/// Task service. Pure adaptation: decode, call, encode; errors pass through as `ShimError`.
///
/// The namespace is the shim's own (`-namespace`), as runc-v2 does; request metadata is not
/// consulted.
public enum TaskServiceBindings {
    public static let serviceNames = ["containerd.task.v2.Task", "containerd.task.v3.Task"]

    public static func register(_ task: TaskService, namespace: String, into table: inout MethodTable) {
        for service in serviceNames {
            registerLifecycle(task, namespace: namespace, service: service, into: &table)
            registerProcessControl(task, service: service, into: &table)
            registerContainerControl(task, service: service, into: &table)
        }
    }

    private static func registerLifecycle(
        _ task: TaskService, namespace: String, service: String, into table: inout MethodTable
    ) {
        table.registerUnary(service: service, method: "Create") { (request: CreateTaskRequest, _) in
            CreateTaskResponse(pid: try await task.create(try request.containerSpec(namespace: namespace)))
        }
        table.registerUnary(service: service, method: "Start") { (request: StartRequest, _) in
            StartResponse(pid: try await task.start(id: request.id, execID: request.execID))
        }
        table.registerUnary(service: service, method: "State") { (request: StateRequest, _) in
            StateResponse(try await task.state(id: request.id, execID: request.execID))
        }
        table.registerUnary(service: service, method: "Wait") { (request: WaitRequest, _) in
            let status = try await task.wait(id: request.id, execID: request.execID)
            return WaitResponse(exitStatus: status.code, exitedAt: status.exitedAt)
        }
        table.registerUnary(service: service, method: "Delete") { (request: DeleteRequest, _) in
            let deleted = try await task.delete(id: request.id, execID: request.execID)
            return DeleteResponse(pid: deleted.pid, status: deleted.status)
        }
        table.registerUnary(service: service, method: "Connect") { (request: ConnectRequest, _) in
            let connected = await task.connect(id: request.id)
            return ConnectResponse(shimPID: connected.shimPID, taskPID: connected.taskPID, version: connected.version)
        }
        table.registerUnary(service: service, method: "Shutdown") { (request: ShutdownRequest, _) in
            await task.shutdown(now: request.now)
            return EmptyMessage()
        }
    }

    private static func registerProcessControl(_ task: TaskService, service: String, into table: inout MethodTable) {
        table.registerUnary(service: service, method: "Exec") { (request: ExecProcessRequest, _) in
            try await task.exec(id: request.id, request.execSpec)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "Kill") { (request: KillRequest, _) in
            try await task.kill(id: request.id, execID: request.execID, signal: request.signal, all: request.all)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "ResizePty") { (request: ResizePtyRequest, _) in
            let size = ConsoleSize(width: UInt16(clamping: request.width), height: UInt16(clamping: request.height))
            try await task.resizePty(id: request.id, execID: request.execID, size: size)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "CloseIO") { (request: CloseIORequest, _) in
            try await task.closeIO(id: request.id, execID: request.execID, stdin: request.stdin)
            return EmptyMessage()
        }
    }

    private static func registerContainerControl(_ task: TaskService, service: String, into table: inout MethodTable) {
        table.registerUnary(service: service, method: "Pids") { (request: PidsRequest, _) in
            PidsResponse(processes: try await task.pids(id: request.id).map { ProcessInfo(pid: $0.pid, execID: $0.execID) })
        }
        table.registerUnary(service: service, method: "Pause") { (request: PauseRequest, _) in
            try await task.pause(id: request.id)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "Resume") { (request: ResumeRequest, _) in
            try await task.resume(id: request.id)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "Update") { (request: UpdateTaskRequest, _) in
            try await task.update(id: request.id, resources: request.resources?.value ?? [], annotations: request.annotations)
            return EmptyMessage()
        }
        table.registerUnary(service: service, method: "Stats") { (request: StatsRequest, _) in
            StatsResponse(stats: try await task.stats(id: request.id))
        }
        table.registerUnary(service: service, method: "Checkpoint") { (request: CheckpointTaskRequest, _) in
            try await task.checkpoint(id: request.id, try request.checkpointSpec())
            return EmptyMessage()
        }
    }
}
