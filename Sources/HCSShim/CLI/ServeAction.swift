/// Serving mode, the long-running shim: the composition root that wires the concrete backend,
/// the Task service, the event queue and both transports together, then runs until
/// `Shutdown` (no task left) or SIGTERM/SIGINT.
///
/// Order matters: the subreaper is set and the descriptor limit raised before any container
/// exists; stderr points at the bundle's `log` fifo before anything logs; the event pump runs
/// before the first request.
enum ServeAction {
    static func run(_ arguments: ShimArguments, signals: TerminationSignals) async throws(ShimError) -> Never {
        guard !arguments.namespace.isEmpty else { throw ShimError.invalidArgument("shim namespace cannot be empty") }
        try Identifier.validate(arguments.namespace, "namespace")  // it becomes part of the runtime root path
        try Subreaper.enable()
        let descriptors = ShimProcess.raiseDescriptorLimit()
        let bundle = try ShimProcess.currentDirectory()
        attachLog(bundle: bundle, debug: arguments.debug)
        if descriptors == nil { Log.warning("cannot raise the descriptor limit") }

        var events = EventQueue.Configuration()
        events.spillPath = bundle + "/events.spill"
        let queue = EventQueue(namespace: arguments.namespace, configuration: events)
        let ttrpcAddress = ShimProcess.environment("TTRPC_ADDRESS") ?? (arguments.address + ".ttrpc")
        var parents: [any EventForwarder] = [ContainerdForwarder(address: ttrpcAddress)]
        // Another engine that wants the events over gRPC (containerd's Events/Forward shape).
        if let engine = ShimProcess.environment("HCSSHIM_EVENTS_GRPC_ADDRESS"), !engine.isEmpty {
            parents.append(GRPCForwarder(address: engine))
        }
        let forwarder: any EventForwarder = parents.count == 1 ? parents[0] : FanOutForwarder(parents)
        let pump = Task { await queue.forward(to: forwarder) }

        let stop = StopSignal()
        let task = TaskService(
            backend: RuncBackend(), publisher: LoggingPublisher(queue), shimPID: UInt32(ShimProcess.pid),
            onShutdown: { stop.fire(reason: "no task left") })
        var methods = MethodTable()
        TaskServiceBindings.register(task, namespace: arguments.namespace, into: &methods)
        EventStreamBindings.register(queue, into: &methods)
        let calls = InFlightCalls()
        methods = methods.instrumented(counting: calls)
        let ttrpc = TTRPCServer(methods: methods)
        let grpc = GRPCServer(methods: methods, reflecting: .generated)

        let listener: ShimListener
        if arguments.socket.isEmpty {
            listener = try ShimListener(adopting: 3)
        } else {
            listener = try ShimListener(path: arguments.socket)
        }
        Task {
            await listener.run(serving: ttrpc) { fd in
                do throws(ShimError) { try grpc.adopt(fd: fd) } catch { Log.warning("gRPC connection refused", ["error": error.message]) }
            }
        }
        Task {
            while let signal = try? await signals.next() {
                if signal == 10 {  // SIGUSR1: dump the task table
                    await logTaskTable(task, calls: calls, queue: queue)
                } else {
                    stop.fire(reason: "signal \(signal)")
                }
            }
        }
        Log.info("shim serving", [
            "namespace": arguments.namespace, "id": arguments.id, "pid": ShimProcess.pid,
            "nofile": descriptors.map { String($0.after) } ?? "unchanged",
        ])

        let reason = await stop.wait()
        Log.info("shim shutting down", ["reason": reason])
        listener.close()
        removeSocket(bundle: bundle)
        // Give the parent the final events (TaskDelete) before going away, as the Go shim does.
        _ = await queue.drain(timeout: .seconds(5))
        pump.cancel()
        // The reply to `Shutdown` itself may still be on its way out: the shim leaves as soon
        // as every reply is written (a gRPC parent, containerd 1.7+ with a gRPC shim, logs a
        // cancelled call as a leaked shim), waiting at most 100 ms for calls that never end
        // on their own (event subscriptions).
        await ttrpc.waitUntilAnswered(timeout: .milliseconds(100))
        await grpc.shutdown(grace: .milliseconds(100))
        ttrpc.shutdown()
        ShimProcess.exit(0)
    }

    /// One summary line, then one line per process (init first, then its execs).
    private static func logTaskTable(_ task: TaskService, calls: InFlightCalls, queue: EventQueue) async {
        let table = await task.processTable()
        Log.info("task table", [
            "tasks": await task.containerCount, "processes": table.count, "inflight": calls.current,
            "pendingEvents": queue.pendingCount,
        ])
        for process in table {
            Log.info("task", [
                "id": process.containerID, "execID": process.execID, "pid": process.pid,
                "status": String(describing: process.status), "exitStatus": process.exit.map { String($0.code) } ?? "",
            ])
        }
    }

    /// Sends the log to the bundle's `log` fifo, which containerd opened read-write before
    /// `start` and copies into its own log. Without one (run by hand), or with something else
    /// planted there (refused, and said so on the old stderr), stderr stays as it is.
    private static func attachLog(bundle: String, debug: Bool) {
        var refusal: ShimError?
        do throws(ShimError) {
            if let fifo = try ShimProcess.openLogFifo(bundle + "/log") {
                try? ShimProcess.redirectStandardError(to: fifo)
                fifo.close()
            }
        } catch {
            refusal = error
        }
        Log.configure(minimum: debug ? .debug : .info) { line in ShimProcess.write(line, to: 2) }
        if let refusal { Log.error("not logging to the bundle's log", ["error": refusal.message]) }
    }

    /// Removes the socket named in the bundle's `address` file; a grouped shim's later tasks
    /// share that address, so this runs only when the whole shim exits.
    private static func removeSocket(bundle: String) {
        guard let address = try? Files.readText(bundle + "/address"), address.hasPrefix("unix://") else { return }
        Socket.unlink(path: String(address.dropFirst("unix://".count)))
    }
}
