import Foundation
import Synchronization
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct TTRPCServerTests {
        @Test func streamIDsMustBeOddAndIncreasing() {
            var streams = StreamIDSequence()
            #expect(streams.admit(1) == nil)
            #expect(streams.admit(2)?.code == .invalidArgument)
            #expect(streams.admit(7) == nil)
            #expect(streams.admit(5)?.message == "StreamID cannot be re-used and must increment")
            #expect(streams.admit(7)?.code == .invalidArgument)
            #expect(streams.admit(9) == nil)
            #expect(streams.last == 9)
        }

        @Test func goldenConnectRequestGetsGoldenResponse() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(FrameCodecTests.connectRequest)
            let response = try #require(await client.receiveFrame())
            #expect(response.raw == FrameCodecTests.connectResponse)
            await fixture.close()
        }

        @Test func handlerErrorIsGoldenStatus() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame(
                "containerd.task.v2.Task", "Connect", payload: ConnectRequest(id: "missing").packed(), streamID: 3))
            let response = try #require(await client.receiveFrame())
            #expect(response.raw == FrameCodecTests.notFoundResponse)
            await fixture.close()
        }

        @Test func slowRequestDoesNotHoldUpAFastOne() async throws {
            let release = AsyncStream<Void>.makeStream()
            let methods = TestMethods.table { table in
                table.register(service: "test.Echo", method: "Slow", .unary { request, _ in
                    for await _ in release.stream { break }
                    return request
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("test.Echo", "Slow", payload: [1], streamID: 1))
            client.send(try requestFrame("test.Echo", "Echo", payload: [3], streamID: 3))
            let first = try #require(await client.receiveFrame())
            #expect(first.streamID == 3)
            #expect(try TTRPCResponse(unpacking: first.data) == TTRPCResponse(payload: [3]))
            release.continuation.yield()
            let second = try #require(await client.receiveFrame())
            #expect(second.streamID == 1)
            #expect(try TTRPCResponse(unpacking: second.data) == TTRPCResponse(payload: [1]))
            await fixture.close()
        }

        @Test func oversizedFrameIsRefusedOnItsStreamAndConnectionKept() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            let length = MessageHeader.maxDataLength + 10
            var oversized: [UInt8] = []
            MessageHeader(dataLength: UInt32(length), streamID: 1, type: .request).encode(into: &oversized)
            client.send(oversized + [UInt8](repeating: 0x41, count: length))
            let refusal = try #require(await client.receiveFrame())
            #expect(refusal.streamID == 1 && refusal.type == MessageType.response.rawValue)
            let status = try #require(try TTRPCResponse(unpacking: refusal.data).status)
            #expect(status.code == ShimError.Code.resourceExhausted.rawValue)
            #expect(status.message.contains("\(length)"))
            client.send(try requestFrame("test.Echo", "Echo", payload: [7], streamID: 3))
            let echo = try #require(await client.receiveFrame())
            #expect(echo.streamID == 3)
            #expect(try TTRPCResponse(unpacking: echo.data) == TTRPCResponse(payload: [7]))
            await fixture.close()
        }

        @Test func unknownServiceAndMethodAreUnimplemented() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("no.Such", "Echo", streamID: 1))
            client.send(try requestFrame("test.Echo", "Nope", streamID: 3))
            var statuses: [UInt32: StatusMessage] = [:]
            for _ in 0..<2 {
                let frame = try #require(await client.receiveFrame())
                statuses[frame.streamID] = try TTRPCResponse(unpacking: frame.data).status
            }
            #expect(statuses[1] == StatusMessage(code: 12, message: "service no.Such"))
            #expect(statuses[3] == StatusMessage(code: 12, message: "method Nope"))
            await fixture.close()
        }

        @Test func undecodableRequestIsInvalidArgument() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            // Field 1, length-delimited, claims 100 bytes but carries 2.
            client.send(try Frame.encode(streamID: 1, type: .request, data: [0x0A, 100, 0x61, 0x62]))
            let frame = try #require(await client.receiveFrame())
            #expect(frame.streamID == 1)
            #expect(try TTRPCResponse(unpacking: frame.data).status?.code == ShimError.Code.invalidArgument.rawValue)
            await fixture.close()
        }

        @Test func evenAndReusedStreamIDsAreInvalidArgument() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("test.Echo", "Echo", payload: [1], streamID: 2))
            let even = try #require(await client.receiveFrame())
            #expect(even.streamID == 2)
            #expect(try TTRPCResponse(unpacking: even.data).status?.code == ShimError.Code.invalidArgument.rawValue)
            client.send(try requestFrame("test.Echo", "Echo", payload: [5], streamID: 5))
            #expect(try #require(await client.receiveFrame()).streamID == 5)
            client.send(try requestFrame("test.Echo", "Echo", payload: [3], streamID: 3))
            let reused = try #require(await client.receiveFrame())
            #expect(reused.streamID == 3)
            #expect(try TTRPCResponse(unpacking: reused.data).status?.message
                == "StreamID cannot be re-used and must increment")
            await fixture.close()
        }

        @Test func dataAndUnknownFramesAreIgnored() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(try Frame.encode(streamID: 1, type: .data, data: [1, 2, 3]))
            client.send(try Frame.encode(streamID: 1, type: MessageType(rawValue: 9), data: [4]))
            client.send(try requestFrame("test.Echo", "Echo", payload: [9], streamID: 1))
            let frame = try #require(await client.receiveFrame())
            #expect(frame.streamID == 1)
            #expect(try TTRPCResponse(unpacking: frame.data) == TTRPCResponse(payload: [9]))
            await fixture.close()
        }

        @Test func metadataIsLowerCasedAndTimeoutBecomesDeadline() async throws {
            let seen = Mutex<RPCContext?>(nil)
            let methods = TestMethods.table { table in
                table.register(service: "test.Echo", method: "Context", .unary { _, context in
                    seen.withLock { $0 = context }
                    return []
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            let client = try RawSocketClient(path: fixture.path)
            let before = SystemClock.monotonicNanos()
            client.send(try requestFrame(
                "test.Echo", "Context", streamID: 1,
                metadata: [TTRPCKeyValue(key: "Containerd-Namespace-TTRPC", value: "k8s.io")],
                timeoutNano: 30_000_000_000))
            _ = try #require(await client.receiveFrame())
            let context = try #require(seen.withLock { $0 })
            #expect(context.namespace == "k8s.io")
            let deadline = try #require(context.deadlineNanos)
            #expect(deadline >= before + 30_000_000_000)
            #expect(deadline <= SystemClock.monotonicNanos() + 30_000_000_000)
            await fixture.close()
        }

        @Test func expiredDeadlineIsDeadlineExceeded() async throws {
            let methods = TestMethods.table { table in
                table.register(service: "test.Echo", method: "Hang", .unary { _, _ in
                    try await Task.sleep(for: .seconds(60))
                    return []
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            let client = try RawSocketClient(path: fixture.path)
            client.send(try requestFrame("test.Echo", "Hang", streamID: 1, timeoutNano: 50_000_000))
            let frame = try #require(await client.receiveFrame())
            #expect(try TTRPCResponse(unpacking: frame.data).status?.code == ShimError.Code.deadlineExceeded.rawValue)
            await fixture.close()
        }
    }
}
