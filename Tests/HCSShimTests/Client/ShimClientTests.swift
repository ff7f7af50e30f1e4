import Testing
@testable import HCSShim

/// `ShimClient` against the shim's real gRPC server on a unix socket, serving the Task service
/// and the event stream through the instrumented method table exactly as `ServeAction` wires
/// them. The compute backend below the Task service is the test fake.
@Suite struct ShimClientTests {
    /// A served shim: Task service over the fake backend, event queue, in-flight counter.
    struct Served {
        let backend: FakeComputeBackend
        let task: TaskService
        let queue: EventQueue
        let calls: InFlightCalls
        let client: ShimClient
    }

    static func withShim(extra: (inout MethodTable) -> Void = { _ in }, _ body: (Served) async throws -> Void) async throws {
        let backend = FakeComputeBackend()
        let queue = EventQueue(namespace: "ns")
        let task = TaskService(backend: backend, publisher: LoggingPublisher(queue), shimPID: 42, onShutdown: {})
        var methods = MethodTable()
        TaskServiceBindings.register(task, namespace: "ns", into: &methods)
        EventStreamBindings.register(queue, into: &methods)
        extra(&methods)
        let calls = InFlightCalls()
        try await GRPCTests.GRPCLoopbackTests.withListeningServer(methods.instrumented(counting: calls)) { socket, _ in
            let client = try ShimClient(socketPath: socket, namespace: "ns", timeoutNanos: 5_000_000_000)
            try await body(Served(backend: backend, task: task, queue: queue, calls: calls, client: client))
        }
    }

    @Test func stateExecWaitDeleteAndPidsRoundTrip() async throws {
        try await Self.withShim { shim in
            _ = try await shim.task.create(ContainerSpec(id: "c1", bundle: "/run/b/c1", namespace: "ns"))
            #expect(try await shim.client.start(id: "c1") == 100)
            let state = try await shim.client.state(id: "c1")
            #expect(state.id == "c1" && state.pid == 100 && state.status == .running && state.bundle == "/run/b/c1")

            try await shim.client.exec(id: "c1", execID: "e1", processJSON: Array(#"{"args":["true"]}"#.utf8))
            let execPID = try await shim.client.start(id: "c1", execID: "e1")
            let processes = try await shim.client.pids(id: "c1")
            #expect(processes.map(\.pid).contains(100))
            #expect(processes.compactMap(ShimReport.execID(of:)).allSatisfy { $0 == "e1" })

            async let waited = shim.client.wait(id: "c1", execID: "e1")
            shim.backend.system("c1")?.exec("e1")?.exit(3)
            #expect(try await waited.exitStatus == 3)
            let deleted = try await shim.client.delete(id: "c1", execID: "e1")
            #expect(deleted.exitStatus == 3 && deleted.pid == execPID)
        }
    }

    @Test func errorsCarryTheShimsCode() async throws {
        try await Self.withShim { shim in
            await #expect { try await shim.client.state(id: "nope") } throws: {
                ($0 as? ShimError)?.code == .notFound && ($0 as? ShimError)?.message == "container nope not created"
            }
            await #expect { try await shim.client.kill(id: "nope", signal: 15) } throws: {
                ($0 as? ShimError)?.code == .notFound
            }
        }
    }

    @Test func nothingListeningIsUnavailable() async throws {
        let client = try ShimClient(socketPath: "/tmp/hcsshim-no-such-socket-\(UInt32.random(in: 0...UInt32.max))", timeoutNanos: 2_000_000_000)
        await #expect { try await client.state(id: "c1") } throws: { ($0 as? ShimError)?.code == .unavailable }
    }

    @Test func subscribeReplaysInOrderAndFilters() async throws {
        try await Self.withShim { shim in
            _ = try await shim.task.create(ContainerSpec(id: "c1", bundle: "/run/b/c1", namespace: "ns"))
            _ = try await shim.client.start(id: "c1")
            shim.backend.system("c1")?.initFake.exit(9)
            _ = try await shim.client.wait(id: "c1")

            var all: [EventRecord] = []
            for try await record in shim.client.subscribe(SubscribeRequest(resume: true)) {
                all.append(record)
                if all.count == 3 { break }
            }
            #expect(all.map(\.sequence) == [1, 2, 3])
            #expect(all.map(\.topic) == ["/tasks/create", "/tasks/start", "/tasks/exit"])
            #expect(all[2].line.contains("/tasks/exit containerId=c1 id=c1 pid=100 exitStatus=9"))

            var exits: [EventRecord] = []
            for try await record in shim.client.subscribe(SubscribeRequest(topics: ["/tasks/exit"], resume: true)) {
                exits.append(record)
                break
            }
            #expect(exits.map(\.sequence) == [3])
        }
    }

    @Test func instrumentedTableCountsCallsInFlight() async throws {
        let gate = AsyncStream<Void>.makeStream()
        try await Self.withShim(extra: { table in
            table.register(service: ShimClient.taskService, method: "Stats", .unary { _, _ in
                for await _ in gate.stream { break }
                return StatsResponse(stats: TypedPayload(CgroupsV2.Metrics())).packed()
            })
        }) { shim in
            #expect(shim.calls.current == 0)
            async let stats = shim.client.stats(id: "c1")
            var seen = 0
            for _ in 0..<200 where seen == 0 {
                seen = shim.calls.current
                if seen == 0 { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(seen == 1)
            gate.continuation.yield()
            #expect(try await stats.typeURL == "io.containerd.cgroups.v2.Metrics")
            #expect(shim.calls.current == 0)
        }
    }

    @Test func socketPathFollowsContainerdsRule() {
        let path = ShimClient.socketPath(containerdAddress: "/run/containerd/containerd.sock", namespace: "default", id: "c1")
        // sha256("/run/containerd/containerd.sock/default/c1"), computed with sha256sum.
        #expect(path == "/run/containerd/s/" + "d25aa4ef11a84e954e74a5bcff06557d0b6ea8d0c00243896f29826694bbd888")
    }
}
