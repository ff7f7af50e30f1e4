import Testing
import Glibc
@testable import HCSShim

extension GRPCTests {
    /// The production path: connections accepted elsewhere and handed over as fds.
    @Suite struct GRPCAdoptionTests {
        @Test func coreStartsOnFirstAdoptedConnectionAndServesIt() async throws {
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            let server = GRPCServer(methods: EchoService.methods())
            #expect(!server.isStarted)
            let listener = try GRPCTestListener(path: socket.path) { fd in
                do { try server.adopt(fd: fd) } catch { Issue.record("adopt failed: \(error)") }
            }
            defer { listener.close() }
            // Nothing has connected: an idle shim has not initialised the gRPC core.
            #expect(!server.isStarted)

            let client = try GRPCClient(unixPath: socket.path)
            let reply = try await client.unary(service: EchoService.name, method: "Echo", request: [7, 8, 9])
            #expect(reply == [7, 8, 9])
            #expect(server.isStarted)
            #expect(listener.prefaces == ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"])

            var streamed: [UInt8] = []
            for try await message in client.serverStreaming(service: EchoService.name, method: "Count", request: [5]) {
                streamed += message
            }
            #expect(streamed == [0, 1, 2, 3, 4])
            await server.shutdown()
        }

        @Test func adoptingAfterShutdownIsUnavailableAndClosesTheFD() async throws {
            let server = GRPCServer(methods: EchoService.methods())
            await server.shutdown()
            var pair: [Int32] = [-1, -1]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            defer { close(pair[1]) }
            let error = #expect(throws: ShimError.self) { try server.adopt(fd: pair[0]) }
            #expect(error?.code == .unavailable)
            // The server took ownership and closed it: the peer reads end-of-file.
            var byte: UInt8 = 0
            #expect(recv(pair[1], &byte, 1, Int32(MSG_DONTWAIT)) == 0)
        }

        @Test func listenAfterStartIsAFailedPrecondition() async throws {
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            let server = GRPCServer(methods: EchoService.methods())
            try server.listen(unixPath: socket.path)
            let error = #expect(throws: ShimError.self) { try server.listen(unixPath: socket.path + "2") }
            #expect(error?.code == .failedPrecondition)
            await server.shutdown()
        }
    }
}
