import Foundation
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct TTRPCClientTests {
        @Test func callsAndMapsStatuses() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try TTRPCClient(connectingTo: "unix://" + fixture.path)
            let connect = try await client.call(
                service: "containerd.task.v2.Task", method: "Connect",
                payload: ConnectRequest(id: "test").packed(),
                metadata: [(key: "containerd-namespace-ttrpc", value: "default")])
            #expect(try ConnectResponse(unpacking: connect) == ConnectResponse(shimPID: 1234, taskPID: 5678))
            let typed = try await client.call(
                service: "containerd.task.v2.Task", method: "Connect", request: ConnectRequest(id: "test"),
                returning: ConnectResponse.self)
            #expect(typed.taskPID == 5678)
            await #expect(throws: ShimError.notFound("container not created: not found")) {
                try await client.call(
                    service: "containerd.task.v2.Task", method: "Connect",
                    payload: ConnectRequest(id: "missing").packed())
            }
            await #expect(throws: ShimError.unimplemented("service no.Such")) {
                try await client.call(service: "no.Such", method: "X", payload: [])
            }
            await #expect(throws: ShimError(.alreadyExists, "failed as asked")) {
                try await client.call(service: "test.Echo", method: "Fail", payload: [6])
            }
            client.close()
            #expect(await fixture.waitForConnections(0))
            await fixture.close()
        }

        @Test func concurrentCallsAreMatchedByStreamID() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try TTRPCClient(connectingTo: fixture.path)
            let results = try await withThrowingTaskGroup(of: (UInt8, [UInt8]).self) { group in
                for value in UInt8(0)..<100 {
                    group.addTask {
                        // Sizes vary so responses interleave with partial reads and writes; the
                        // server refuses any stream id not above the last, so this also proves
                        // ids reach the socket in order however the calls race.
                        let payload = [UInt8](repeating: value, count: Int(value) * 997)
                        return (value, try await client.call(service: "test.Echo", method: "Echo", payload: payload))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(results.count == 100)
            #expect(results.allSatisfy { $0.value == [UInt8](repeating: $0.key, count: Int($0.key) * 997) })
            client.close()
            await fixture.close()
        }

        @Test func lostConnectionFailsPendingCallsUnavailable() async throws {
            let started = AsyncStream<Void>.makeStream()
            let methods = TestMethods.table { table in
                table.register(service: "test.Echo", method: "Block", .unary { _, _ in
                    started.continuation.yield()
                    try await Task.sleep(for: .seconds(60))
                    return []
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            let client = try TTRPCClient(connectingTo: fixture.path)
            let pending = Task { () async -> ShimError? in
                do throws(ShimError) {
                    _ = try await client.call(service: "test.Echo", method: "Block", payload: [])
                    return nil
                } catch {
                    return error
                }
            }
            for await _ in started.stream { break }
            fixture.server.shutdown()
            let failure = await pending.value
            #expect(failure?.code == .unavailable)
            // Later calls fail at once, without touching the socket.
            await #expect(throws: ShimError.self) {
                try await client.call(service: "test.Echo", method: "Echo", payload: [1])
            }
            #expect(await fixture.waitForConnections(0))
            await fixture.close()
        }

        @Test func timeoutIsSentAndEnforcedLocally() async throws {
            let methods = TestMethods.table { table in
                table.register(service: "test.Echo", method: "Hang", .unary { _, _ in
                    try await Task.sleep(for: .seconds(60))
                    return []
                })
                table.register(service: "test.Echo", method: "Deadline", .unary { _, context in
                    let remaining = (context.deadlineNanos ?? 0) &- SystemClock.monotonicNanos()
                    return Array(String(remaining).utf8)
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            let client = try TTRPCClient(connectingTo: fixture.path)
            let remaining = try await client.call(
                service: "test.Echo", method: "Deadline", payload: [], timeout: .seconds(5))
            let nanos = try #require(Int64(String(decoding: remaining, as: UTF8.self)))
            #expect(nanos > 4_000_000_000 && nanos <= 5_000_000_000)
            let start = ContinuousClock.now
            await #expect(throws: ShimError.self) {
                try await client.call(service: "test.Echo", method: "Hang", payload: [], timeout: .milliseconds(100))
            }
            #expect(ContinuousClock.now - start < .seconds(5))
            // The connection is still usable after a timed-out call.
            #expect(try await client.call(service: "test.Echo", method: "Echo", payload: [4]) == [4])
            client.close()
            await fixture.close()
        }

        @Test func connectingToNothingIsUnavailable() throws {
            let directory = try TTRPCFixture.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            #expect(throws: ShimError.self) { try TTRPCClient(connectingTo: directory + "/absent.sock") }
            do {
                _ = try TTRPCClient(connectingTo: directory + "/absent.sock")
            } catch {
                #expect(error.code == .unavailable)
            }
        }
    }
}
