import Testing
@testable import HCSShim

extension GRPCTests {
    /// The Swift gRPC client against the Swift gRPC server over a real unix socket.
    @Suite struct GRPCLoopbackTests {
        /// Runs `body` against a server listening on a temp socket (its path), then shuts it down.
        static func withListeningServer(
            _ methods: MethodTable = EchoService.methods(),
            bidirectional: [String: BidirectionalHandler] = [:],
            _ body: (_ socket: String, GRPCServer) async throws -> Void
        ) async throws {
            let server = GRPCServer(methods: methods, bidirectional: bidirectional)
            try await withListening(server) { socket in try await body(socket, server) }
        }

        /// Runs `body` while `server` listens on a temp socket (its path), then shuts it down.
        static func withListening(_ server: GRPCServer, _ body: (_ socket: String) async throws -> Void) async throws {
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            try server.listen(unixPath: socket.path)
            do {
                try await body(socket.path)
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }

        /// Runs `body` with a server on a temp socket and a Swift client connected to it.
        static func withServer(
            _ methods: MethodTable = EchoService.methods(),
            _ body: (GRPCServer, GRPCClient) async throws -> Void
        ) async throws {
            try await withListeningServer(methods) { socket, server in
                try await body(server, try GRPCClient(unixPath: socket))
            }
        }

        @Test func unaryEchoesBytes() async throws {
            try await Self.withServer { _, client in
                let payload: [UInt8] = [0, 1, 2, 250, 255] + Array("hello".utf8)
                let reply = try await client.unary(service: EchoService.name, method: "Echo", request: payload)
                #expect(reply == payload)
                let empty = try await client.unary(service: EchoService.name, method: "Echo", request: [])
                #expect(empty == [])
            }
        }

        @Test func serverStreamingDeliversEveryMessageInOrder() async throws {
            try await Self.withServer { _, client in
                var received: [UInt8] = []
                for try await message in client.serverStreaming(service: EchoService.name, method: "Count", request: [50]) {
                    received += message
                }
                #expect(received == (0..<50).map { UInt8($0) })
            }
        }

        @Test func streamDeliversMessagesThenTheHandlersError() async throws {
            try await Self.withServer { _, client in
                var received: [UInt8] = []
                let error = await #expect(throws: ShimError.self) {
                    for try await message in client.serverStreaming(
                        service: EchoService.name, method: "CountThenFail", request: [3]) {
                        received += message
                    }
                }
                #expect(received == [0, 1, 2])
                #expect(error == ShimError.notFound("count: done"))
            }
        }

        @Test func abandonedStreamCancelsTheHandlersSends() async throws {
            let observations = EchoService.Observations()
            try await Self.withServer(EchoService.methods(observations)) { _, client in
                var count = 0
                for try await _ in client.serverStreaming(service: EchoService.name, method: "Forever", request: []) {
                    count += 1
                    if count == 3 { break }
                }
                try await settle { !observations.endedStreams.withLock { $0.isEmpty } }
                #expect(observations.endedStreams.withLock { $0 } == [.canceled])
            }
        }

        @Test(arguments: [ShimError.Code.notFound, .alreadyExists, .failedPrecondition, .invalidArgument])
        func thrownShimErrorBecomesTheStatus(code: ShimError.Code) async throws {
            try await Self.withServer { _, client in
                let error = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(
                        service: EchoService.name, method: "Fail", request: [UInt8(code.rawValue)] + Array("why".utf8))
                }
                #expect(error == ShimError(code, "fail: why"))
            }
        }

        @Test func otherErrorsAreUnknown() async throws {
            try await Self.withServer { _, client in
                let error = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(service: EchoService.name, method: "Crash", request: [])
                }
                #expect(error?.code == .unknown)
            }
        }

        @Test func unknownServiceAndMethodAreUnimplemented() async throws {
            try await Self.withServer { _, client in
                let method = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(service: EchoService.name, method: "Nope", request: [])
                }
                #expect(method?.code == .unimplemented)
                let service = await #expect(throws: ShimError.self) {
                    _ = try await client.unary(service: "test.Missing", method: "Echo", request: [])
                }
                #expect(service?.code == .unimplemented)
            }
        }

        @Test func metadataAndDeadlineReachTheHandler() async throws {
            try await Self.withServer { _, client in
                let withDeadline = try await client.unary(
                    service: EchoService.name, method: "Context", request: [],
                    metadata: [("Containerd-Namespace", "k8s.io")], timeoutNanos: 5_000_000_000)
                let fields = String(decoding: withDeadline, as: UTF8.self).split(separator: "|")
                #expect(fields.count == 3)
                #expect(fields.first == "k8s.io")
                #expect(fields.dropFirst().first == "true")
                let left = Int(fields.last ?? "") ?? -1
                // grpc-timeout travels in coarse units, rounded up: allow a little over 5 s.
                #expect(left > 3_000 && left <= 5_100, "left \(left) ms")

                let without = try await client.unary(service: EchoService.name, method: "Context", request: [])
                #expect(String(decoding: without, as: UTF8.self) == "-|false|-1")
            }
        }

        @Test func passedDeadlineFailsTheCallAndCancelsTheHandler() async throws {
            let observations = EchoService.Observations()
            try await Self.withServer(EchoService.methods(observations)) { _, client in
                let error = await #expect(throws: ShimError.self) {
                    // The handler would sleep 2 s; the deadline is 200 ms.
                    _ = try await client.unary(
                        service: EchoService.name, method: "Sleep", request: [20], timeoutNanos: 200_000_000)
                }
                #expect(error?.code == .deadlineExceeded)
                // The server sees the deadline pass too and cancels the handler's task.
                for _ in 0..<50 where observations.cancelledSleeps.withLock({ $0 }) == 0 {
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                #expect(observations.cancelledSleeps.withLock { $0 } == 1)
            }
        }

        @Test func cancellingTheClientTaskCancelsTheCall() async throws {
            try await Self.withServer { _, client in
                let call = Task {
                    try await client.unary(service: EchoService.name, method: "Sleep", request: [50])
                }
                try await Task.sleep(nanoseconds: 100_000_000)
                call.cancel()
                let result = await call.result
                let error = #expect(throws: ShimError.self) { try result.get() }
                #expect(error?.code == .canceled)
            }
        }

        @Test func nothingListeningIsUnavailable() async throws {
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            let client = try GRPCClient(unixPath: socket.path)
            let error = await #expect(throws: ShimError.self) {
                _ = try await client.unary(
                    service: EchoService.name, method: "Echo", request: [], timeoutNanos: 2_000_000_000)
            }
            #expect(error?.code == .unavailable)
        }
    }
}
