import Synchronization
import Testing
@testable import HCSShim

/// The shim's last moments: a reply still on its way out when the shim decides to exit
/// (`Shutdown`'s own, above all) is written before the transports hang up, and a call that
/// never ends on its own holds the exit back only for the grace period.
extension TTRPCTests {
    @Suite(.serialized) struct GracefulShutdownTests {
        static func slowTable(_ release: AsyncStream<Void>) -> MethodTable {
            TestMethods.table { table in
                table.register(service: "test.Echo", method: "Slow", .unary { request, _ in
                    for await _ in release { break }
                    return request
                })
            }
        }

        @Test func ttrpcWaitsForTheReplyInFlightThenForNothing() async throws {
            let release = AsyncStream<Void>.makeStream()
            let fixture = try TTRPCFixture(methods: Self.slowTable(release.stream))
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("test.Echo", "Slow", payload: [4], streamID: 1))
            #expect(await fixture.waitForConnections(1))
            try await Task.sleep(for: .milliseconds(20))
            let waited = Task { await fixture.server.waitUntilAnswered(timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(50))
            release.continuation.yield()
            let started = ContinuousClock.now
            await waited.value
            #expect(ContinuousClock.now - started < .seconds(5), "waited for the timeout, not for the reply")
            // The reply was written before the wait ended: hanging up now loses nothing.
            fixture.server.shutdown()
            let reply = try #require(await client.receiveFrame())
            #expect(reply.streamID == 1)
            // With nothing in flight the wait returns at once.
            let idle = ContinuousClock.now
            await fixture.server.waitUntilAnswered(timeout: .seconds(10))
            #expect(ContinuousClock.now - idle < .seconds(1))
            await fixture.close()
        }

        @Test func ttrpcGivesUpOnACallThatNeverEnds() async throws {
            let never = AsyncStream<Void>.makeStream()
            let fixture = try TTRPCFixture(methods: Self.slowTable(never.stream))
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("test.Echo", "Slow", payload: [1], streamID: 1))
            #expect(await fixture.waitForConnections(1))
            try await Task.sleep(for: .milliseconds(20))
            let started = ContinuousClock.now
            await fixture.server.waitUntilAnswered(timeout: .milliseconds(100))
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(100) && elapsed < .seconds(5))
            _ = client
            await fixture.close()
        }
    }
}

extension GRPCTests {
    @Suite struct GRPCGracefulShutdownTests {
        @Test func aUnaryCallInFlightCompletesAndAStreamIsCancelledAfterTheGrace() async throws {
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            let observations = EchoService.Observations()
            let server = GRPCServer(methods: EchoService.methods(observations))
            try server.listen(unixPath: socket.path)
            let client = try GRPCClient(unixPath: socket.path)
            // `Sleep` [2] answers after 200 ms; `Forever` never ends.
            async let slept = client.unary(service: EchoService.name, method: "Sleep", request: [2])
            let stream = Task {
                for try await _ in client.serverStreaming(service: EchoService.name, method: "Forever", request: []) {}
            }
            try await Task.sleep(for: .milliseconds(50))
            let started = ContinuousClock.now
            await server.shutdown(grace: .milliseconds(400))
            let elapsed = ContinuousClock.now - started
            #expect(try await slept == [2], "the call in flight was cancelled instead of answered")
            #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(5), "\(elapsed)")
            _ = await stream.result
            #expect(observations.endedStreams.withLock { $0 }.count == 1)
        }
    }
}
