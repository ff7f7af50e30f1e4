import Foundation
import Synchronization
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct TTRPCStreamingTests {
        static func methods(release: AsyncStream<Void>) -> MethodTable {
            TestMethods.table { table in
                // Streams one message per request byte, then waits for `release` before ending.
                table.register(service: "test.Stream", method: "Count", .serverStreaming { request, _, sink in
                    for byte in request { try await sink.send([byte, byte]) }
                    for await _ in release { break }
                })
                table.register(service: "test.Stream", method: "FailAfterOne", .serverStreaming { _, _, sink in
                    try await sink.send([42])
                    throw ShimError.notFound("no more")
                })
            }
        }

        @Test func serverStreamSendsDataFramesThenStatus() async throws {
            let release = AsyncStream<Void>.makeStream()
            let fixture = try TTRPCFixture(methods: Self.methods(release: release.stream))
            let client = try RawSocketClient(path: fixture.path)
            let request = TTRPCRequest(service: "test.Stream", method: "Count", payload: [1, 2, 3])
            client.send(try Frame.encode(streamID: 1, type: .request, flags: .remoteClosed, data: request.packed()))
            for byte: UInt8 in [1, 2, 3] {
                let frame = try #require(await client.receiveFrame())
                #expect(frame.streamID == 1 && frame.type == MessageType.data.rawValue)
                #expect(frame.raw[9] == 0)
                #expect(frame.data == [byte, byte])
            }
            // While the stream is open, a unary call on the same connection is answered.
            client.send(try requestFrame("test.Echo", "Echo", payload: [8], streamID: 3))
            let echo = try #require(await client.receiveFrame())
            #expect(echo.streamID == 3 && echo.data == TTRPCResponse(payload: [8]).packed())
            release.continuation.yield()
            let end = try #require(await client.receiveFrame())
            #expect(end.streamID == 1 && end.type == MessageType.response.rawValue)
            #expect(end.data.isEmpty)  // success: no status, no payload
            await fixture.close()
        }

        @Test func failingStreamEndsWithItsStatus() async throws {
            let fixture = try TTRPCFixture(methods: Self.methods(release: AsyncStream { $0.finish() }))
            let client = try RawSocketClient(path: fixture.path)
            let request = TTRPCRequest(service: "test.Stream", method: "FailAfterOne")
            client.send(try Frame.encode(streamID: 1, type: .request, flags: .remoteClosed, data: request.packed()))
            let data = try #require(await client.receiveFrame())
            #expect(data.type == MessageType.data.rawValue && data.data == [42])
            let end = try #require(await client.receiveFrame())
            #expect(end.type == MessageType.response.rawValue)
            #expect(try TTRPCResponse(unpacking: end.data).status == StatusMessage(code: 5, message: "no more"))
            await fixture.close()
        }

        @Test func clientHangUpCancelsTheStream() async throws {
            let sent = Mutex(0)
            let ended = AsyncStream<ShimError.Code?>.makeStream()
            let methods = TestMethods.table { table in
                table.register(service: "test.Stream", method: "Forever", .serverStreaming { _, _, sink in
                    do {
                        while true {
                            try await sink.send([UInt8](repeating: 1, count: 1024))
                            sent.withLock { $0 += 1 }
                        }
                    } catch {
                        ended.continuation.yield(ShimError.classify(error).code)
                        throw error
                    }
                })
            }
            let fixture = try TTRPCFixture(methods: methods)
            do {
                let client = try RawSocketClient(path: fixture.path)
                let request = TTRPCRequest(service: "test.Stream", method: "Forever")
                client.send(try Frame.encode(streamID: 1, type: .request, flags: .remoteClosed, data: request.packed()))
                _ = try #require(await client.receiveFrame())
            }
            var code: ShimError.Code??
            for await value in ended.stream { code = value; break }
            #expect(code == .canceled)
            #expect(sent.withLock { $0 } >= 1)
            #expect(await fixture.waitForConnections(0))
            await fixture.close()
        }
    }
}
