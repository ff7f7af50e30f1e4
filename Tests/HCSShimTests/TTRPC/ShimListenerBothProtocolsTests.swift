import Foundation
import Testing
@testable import HCSShim

extension TTRPCTests {
    /// The shim's one socket serving both transports, wired as the composition root does:
    /// ttrpc connections to the `TTRPCServer`, HTTP/2 ones handed to `GRPCServer.adopt(fd:)`.
    @Suite(.serialized) struct ShimListenerBothProtocolsTests {
        @Test func oneSocketServesTTRPCAndGRPC() async throws {
            let methods = TestMethods.table()
            let directory = try TTRPCFixture.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/shim.sock"
            let listener = try ShimListener(path: path)
            let ttrpc = TTRPCServer(methods: methods)
            let grpc = GRPCServer(methods: methods)
            let run = Task {
                await listener.run(serving: ttrpc) { fd in try? grpc.adopt(fd: fd) }
            }

            let request = ConnectRequest(id: "test").packed()
            let ttrpcClient = try TTRPCClient(connectingTo: path)
            let grpcClient = try GRPCClient(unixPath: path)
            async let overTTRPC = ttrpcClient.call(
                service: "containerd.task.v2.Task", method: "Connect", payload: request)
            async let overGRPC = grpcClient.unary(
                service: "containerd.task.v2.Task", method: "Connect", request: request, timeoutNanos: 5_000_000_000)
            let (ttrpcReply, grpcReply) = try await (overTTRPC, overGRPC)
            #expect(try ConnectResponse(unpacking: ttrpcReply).taskPID == 5678)
            #expect(try ConnectResponse(unpacking: grpcReply).taskPID == 5678)
            #expect(grpc.isStarted)

            // Errors keep their codes on both paths.
            await #expect(throws: ShimError.unimplemented("method Nope")) {
                try await ttrpcClient.call(service: "test.Echo", method: "Nope", payload: [])
            }
            do {
                _ = try await grpcClient.unary(service: "test.Echo", method: "Nope", request: [], timeoutNanos: 5_000_000_000)
                Issue.record("unknown gRPC method succeeded")
            } catch {
                #expect(error.code == .unimplemented)
            }

            ttrpcClient.close()
            listener.close()
            await run.value
            ttrpc.shutdown()
            await grpc.shutdown()
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }
}
