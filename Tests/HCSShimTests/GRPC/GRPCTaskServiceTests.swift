import Testing
@testable import HCSShim

extension GRPCTests {
    /// The shim's real method table (Task service bindings over a fake compute backend, and the
    /// event stream) served over gRPC with reflection from the generated catalog.
    @Suite struct GRPCTaskServiceTests {
        static func withShimServer(_ body: (_ socket: String, EventQueue) async throws -> Void) async throws {
            let queue = EventQueue(namespace: "default")
            let task = TaskService(backend: FakeComputeBackend(), publisher: queue, shimPID: 4242, onShutdown: {})
            var table = MethodTable()
            TaskServiceBindings.register(task, namespace: "default", into: &table)
            EventStreamBindings.register(queue, into: &table)
            try await GRPCTests.GRPCLoopbackTests.withListening(GRPCServer(methods: table, reflecting: .generated)) { socket in
                try await body(socket, queue)
            }
        }

        @Test func taskCallsAndTheirErrorsOverGRPC() async throws {
            try await Self.withShimServer { socket, _ in
                let client = try GRPCClient(unixPath: socket)
                for service in TaskServiceBindings.serviceNames {
                    let reply = try await client.unary(
                        service: service, method: "Connect", request: ConnectRequest(id: "c1").packed())
                    #expect(try ConnectResponse(unpacking: reply).shimPID == 4242)
                }
                let missing = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(
                        service: "containerd.task.v2.Task", method: "State", request: StateRequest(id: "nope").packed())
                }
                #expect(missing?.code == .notFound)
                let malformed = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(service: "containerd.task.v2.Task", method: "State", request: [0xff])
                }
                #expect(malformed?.code == .invalidArgument)
            }
        }

        @Test func eventStreamOverGRPC() async throws {
            try await Self.withShimServer { socket, queue in
                queue.publish(.oom(containerID: "c1"))
                queue.publish(.paused(containerID: "c1"))
                let client = try GRPCClient(unixPath: socket)
                var topics: [String] = []
                let request = SubscribeRequest(resume: true, afterSequence: 0).packed()
                for try await bytes in client.serverStreaming(
                    service: EventStreamBindings.serviceName, method: "Subscribe", request: request) {
                    topics.append(try EventRecord(unpacking: bytes).topic)
                    if topics.count == 2 { break }
                }
                #expect(topics == ["/tasks/oom", "/tasks/paused"])
            }
        }

        @Test(GRPCurlTests.requirements) func grpcurlSeesTheShimsServices() async throws {
            let grpcurl = try #require(ExternalTool.find("grpcurl"))
            try await Self.withShimServer { socket, _ in
                let run = GRPCurlTests.GRPCurl(executable: grpcurl, socket: socket)
                let services = try await run(["list"])
                #expect(services.stdout.split(separator: "\n") == [
                    "containerd.task.v2.Task", "containerd.task.v3.Task", "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection", "hcsshim.events.v1.Events",
                ], "\(services.stderr)")
                let events = try await run(["describe", "hcsshim.events.v1.Events"])
                #expect(events.stdout.contains("rpc Subscribe ("), "\(events.stderr)")
                let state = try await run(["containerd.task.v3.Task/State"], flags: ["-d", #"{"id": "nope"}"#])
                #expect(state.stderr.contains("Code: NotFound"), "\(state.stderr)")
            }
        }
    }
}
