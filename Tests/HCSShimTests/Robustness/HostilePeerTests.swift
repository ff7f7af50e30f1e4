import Foundation
import Synchronization
import Testing
@testable import HCSShim

extension Robustness {
    /// Peers that flood, stall or never finish, against the real listener and ttrpc server on
    /// a real socket, with the limits shortened so the suite stays fast. The figures for the
    /// shipped limits come from `scripts/hostile.sh` against the shim binary.
    @Suite(.serialized) struct HostilePeerTests {
        /// A listener and server with the given limits; `close()` tears both down.
        final class Shim: Sendable {
            let directory: String
            let path: String
            let server: TTRPCServer
            let listener: ShimListener
            let handoffs = HandoffRecorder()
            private let runTask: Task<Void, Never>

            init(methods: MethodTable, limits: TTRPCServer.Limits = .init(), classification: Duration = .seconds(5)) throws {
                directory = try TTRPCFixture.makeTemporaryDirectory()
                path = directory + "/shim.sock"
                server = TTRPCServer(methods: methods, limits: limits)
                listener = try ShimListener(path: path, classificationLimit: classification)
                runTask = Task { [listener, server, handoffs] in
                    await listener.run(serving: server) { fd in handoffs.record(fd) }
                }
            }

            func close() async {
                listener.close()
                await runTask.value
                server.shutdown()
                handoffs.closeAll()
                try? FileManager.default.removeItem(atPath: directory)
            }
        }

        /// `test.Hold/Hold` counts its calls and returns only once `releaseAll()` ran.
        final class Holder: Sendable {
            private struct State {
                var calls = 0
                var released = false
                var waiting: [CheckedContinuation<Void, Never>] = []
            }
            private let state = Mutex(State())

            func register(into table: inout MethodTable) {
                table.register(service: "test.Hold", method: "Hold", .unary { [self] request, _ in
                    await withCheckedContinuation { continuation in
                        let now = state.withLock { state -> Bool in
                            state.calls += 1
                            if state.released { return true }
                            state.waiting.append(continuation)
                            return false
                        }
                        if now { continuation.resume() }
                    }
                    return request
                })
            }

            func releaseAll() {
                let waiting = state.withLock { state in
                    state.released = true
                    defer { state.waiting = [] }
                    return state.waiting
                }
                for continuation in waiting { continuation.resume() }
            }

            var count: Int { state.withLock { $0.calls } }
        }

        /// Polls `condition` every 10 ms for up to `seconds`.
        static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
            for _ in 0..<Int(seconds * 100) {
                if condition() { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return condition()
        }

        @Test func requestsInFlightStopAtTheLimitAndResumeWhenAnswered() async throws {
            let holder = Holder()
            let shim = try Shim(methods: TestMethods.table { holder.register(into: &$0) }, limits: .init(requestsInFlight: 4))
            let client = try RawSocketClient(path: shim.path)
            var frames: [UInt8] = []
            for n in 0..<10 { frames += try requestFrame("test.Hold", "Hold", payload: [UInt8(n)], streamID: UInt32(2 * n + 1)) }
            client.send(frames)
            #expect(await Self.eventually { holder.count == 4 })
            try await Task.sleep(for: .milliseconds(200))
            #expect(holder.count == 4)  // the other six stay unread in the socket
            holder.releaseAll()
            var answered = 0
            while answered < 10, await client.receiveFrame() != nil { answered += 1 }
            #expect(answered == 10)
            #expect(holder.count == 10)
            await shim.close()
        }

        @Test func aPeerThatNeverReadsStopsTheReaderBeforeTheLimit() async throws {
            let echoes = Mutex(0)
            let methods = TestMethods.table { table in
                table.register(service: "test.Big", method: "Echo", .unary { request, _ in
                    echoes.withLock { $0 += 1 }
                    return request
                })
            }
            let shim = try Shim(methods: methods)  // the shipped limit: 1,024 in flight
            let client = try RawSocketClient(path: shim.path)
            _ = fcntl(client.fd, F_SETFL, fcntl(client.fd, F_GETFL) | O_NONBLOCK)
            let payload = [UInt8](repeating: 7, count: 32 * 1024)
            var frames: [UInt8] = []
            for n in 0..<400 { frames += try requestFrame("test.Big", "Echo", payload: payload, streamID: UInt32(2 * n + 1)) }
            var sent = 0
            var lastProgress = ContinuousClock.now
            // Send until the shim has taken nothing for half a second (or everything is sent).
            while sent < frames.count, ContinuousClock.now - lastProgress < .milliseconds(500) {
                let n = frames[sent...].withUnsafeBytes { Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 {
                    sent += n
                    lastProgress = ContinuousClock.now
                } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            let handled = echoes.withLock { $0 }
            // Replies fill the socket after a few dozen 32 KiB echoes; the reader then stops,
            // so the client's writes stop too, long before 400 (or the 1,024 limit).
            #expect(sent < frames.count)
            #expect(handled < 100)
            try await Task.sleep(for: .milliseconds(300))
            #expect(echoes.withLock { $0 } == handled)
            // Reading the replies lets everything through.
            _ = fcntl(client.fd, F_SETFL, fcntl(client.fd, F_GETFL) & ~O_NONBLOCK)
            let rest = frames[sent...]
            let writer = Thread { client.send(Array(rest)) }
            writer.start()
            var replies = 0
            while replies < 400, let frame = await client.receiveFrame() {
                #expect(frame.data.count > payload.count)
                replies += 1
            }
            #expect(replies == 400)
            await shim.close()
        }

        @Test func aFrameLeftIncompleteIsDroppedButAnIdleConnectionIsNot() async throws {
            let shim = try Shim(methods: TestMethods.table(), limits: .init(incompleteFrame: .milliseconds(300)))
            let idle = try RawSocketClient(path: shim.path)
            idle.send(try requestFrame("test.Echo", "Echo", payload: [1], streamID: 1))
            #expect(await idle.receiveFrame()?.data.isEmpty == false)

            let slow = try RawSocketClient(path: shim.path)
            let frame = try requestFrame("test.Echo", "Echo", payload: [2], streamID: 1)
            let start = ContinuousClock.now
            slow.send(Array(frame.prefix(5)))  // half a header, never finished
            #expect(await slow.isClosedByPeer())
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(250) && waited < .seconds(4))

            // Four times the limit later, the idle connection is still served.
            try await Task.sleep(for: .milliseconds(1200))
            idle.send(try requestFrame("test.Echo", "Echo", payload: [3], streamID: 3))
            let reply = try #require(await idle.receiveFrame())
            #expect(reply.streamID == 3)
            await shim.close()
        }

        @Test func silentAndHalfPrefaceConnectionsAreHungUpAtClassification() async throws {
            let shim = try Shim(methods: TestMethods.table(), classification: .milliseconds(300))
            let silent = try RawSocketClient(path: shim.path)
            let half = try RawSocketClient(path: shim.path)
            half.send(Array(ShimListener.ConnectionProtocol.http2Preface.prefix(12)))
            #expect(await silent.isClosedByPeer())
            #expect(await half.isClosedByPeer())
            #expect(shim.handoffs.count == 0)
            // A preface that arrives in two parts within the limit still reaches gRPC.
            let split = try RawSocketClient(path: shim.path)
            split.send(Array(ShimListener.ConnectionProtocol.http2Preface.prefix(10)))
            try await Task.sleep(for: .milliseconds(100))
            split.send(Array(ShimListener.ConnectionProtocol.http2Preface.dropFirst(10)))
            #expect(await Self.eventually { shim.handoffs.count == 1 })
            await shim.close()
        }

        @Test func watchdogFiresOnlyWhileArmed() async throws {
            var pair: [Int32] = [0, 0]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            defer { Glibc.close(pair[0]); Glibc.close(pair[1]) }
            let watchdog = ConnectionWatchdog(fd: pair[0], limit: .milliseconds(100), what: "test")
            #expect(!watchdog.isArmed)
            watchdog.arm()
            watchdog.disarm()
            try await Task.sleep(for: .milliseconds(250))
            #expect(!watchdog.hasFired)
            watchdog.arm()
            for _ in 0..<3 {  // progress keeps pushing the deadline
                try await Task.sleep(for: .milliseconds(60))
                watchdog.restart()
            }
            #expect(!watchdog.hasFired)
            #expect(await Self.eventually(2) { watchdog.hasFired })
            await watchdog.stop()
            var byte: UInt8 = 0
            #expect(recv(pair[1], &byte, 1, 0) == 0)  // the far end sees the hang-up
        }

        @Test func gateClosesAtTheLimitAndWhileStalled() async {
            let gate = RequestGate(limit: 2)
            gate.enter()
            #expect(gate.isOpen)
            gate.enter()
            #expect(!gate.isOpen)
            let passed = Mutex(false)
            let waiter = Task { await gate.waitUntilOpen(); passed.withLock { $0 = true } }
            try? await Task.sleep(for: .milliseconds(50))
            #expect(!passed.withLock { $0 })
            #expect(!gate.leave())  // one still in flight: not drained
            await waiter.value
            #expect(gate.pauses == 1)
            gate.setStalled(true)
            #expect(!gate.isOpen)
            gate.setStalled(false)
            #expect(gate.leave())  // the burst that paused is over: trim once
            #expect(gate.inFlight == 0)
        }
    }
}
