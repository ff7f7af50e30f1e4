import Foundation
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct ShimListenerTests {
        @Test func classifiesByFirstBytes() {
            #expect(ShimListener.ConnectionProtocol(prefix: [0, 0, 0, 8]) == .ttrpc)
            #expect(ShimListener.ConnectionProtocol(prefix: ShimListener.ConnectionProtocol.http2Preface) == .grpc)
            #expect(ShimListener.ConnectionProtocol(prefix: Array("PRI * HT".utf8)) == .grpc)
            #expect(ShimListener.ConnectionProtocol(prefix: Array("GET / HTTP/1.1\r\n".utf8)) == .unknown)
            #expect(ShimListener.ConnectionProtocol(prefix: Array("PRI * HTTP/1.1\r\n".utf8)) == .unknown)
            #expect(ShimListener.ConnectionProtocol(prefix: []) == .unknown)
        }

        @Test func socketFileIsOwnerOnly() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect((attributes[.type] as? FileAttributeType) == .typeSocket)
            await fixture.close()
            #expect(!FileManager.default.fileExists(atPath: fixture.path))
        }

        @Test func http2PrefaceIsHandedToGRPC() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            client.send(ShimListener.ConnectionProtocol.http2Preface)
            var handedOff = false
            for _ in 0..<500 where !handedOff {
                handedOff = fixture.handoffs.count == 1
                if !handedOff { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(handedOff)
            #expect(fixture.server.connectionCount == 0)
            await fixture.close()
        }

        @Test func badConnectionsLeaveTheListenerServing() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            // A silent client must not block the accepts after it.
            let silent = try RawSocketClient(path: fixture.path)
            // Not a ttrpc header, not HTTP/2: closed.
            let garbage = try RawSocketClient(path: fixture.path)
            garbage.send(Array("hello, shim\n".utf8))
            #expect(await garbage.isClosedByPeer())
            // A frame cut short, then end of input: that connection ends.
            do {
                let truncated = try RawSocketClient(path: fixture.path)
                truncated.send(Array(FrameCodecTests.connectRequest.prefix(40)))
                shutdown(truncated.fd, Int32(SHUT_WR))
                #expect(await truncated.isClosedByPeer())
            }
            // An oversized header (4 MiB + 1) whose data never comes: refused on its stream.
            do {
                let oversized = try RawSocketClient(path: fixture.path)
                oversized.send([0x00, 0x40, 0x00, 0x01, 0, 0, 0, 1, 1, 0])
                let refusal = try #require(await oversized.receiveFrame())
                #expect(try TTRPCResponse(unpacking: refusal.data).status?.code == ShimError.Code.resourceExhausted.rawValue)
            }
            let good = try RawSocketClient(path: fixture.path)
            good.send(FrameCodecTests.connectRequest)
            #expect(try #require(await good.receiveFrame()).raw == FrameCodecTests.connectResponse)
            // The truncated and oversized connections are gone; the good one remains.
            #expect(await fixture.waitForConnections(1))
            _ = silent
            await fixture.close()
        }

        @Test func closeHangsUpUnclassifiedAndServedConnections() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let silent = try RawSocketClient(path: fixture.path)
            let served = try RawSocketClient(path: fixture.path)
            served.send(FrameCodecTests.connectRequest)
            _ = try #require(await served.receiveFrame())
            await fixture.close()
            #expect(await silent.isClosedByPeer())
            #expect(await served.isClosedByPeer())
            #expect(await fixture.waitForConnections(0))
        }

        /// Idle connections cost no threads: 50 silent peers and 50 idle ttrpc connections
        /// leave the process's thread count where it was (give or take the test runner's own).
        @Test func idleConnectionsAddNoThreads() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let warm = try RawSocketClient(path: fixture.path)
            warm.send(TTRPCTests.FrameCodecTests.connectRequest)
            _ = try #require(await warm.receiveFrame())
            let before = ProcessCensus.threadCount()
            var clients: [RawSocketClient] = []
            for index in 0..<100 {
                let client = try RawSocketClient(path: fixture.path)
                if index % 2 == 0 {
                    client.send(TTRPCTests.FrameCodecTests.connectRequest)
                    _ = try #require(await client.receiveFrame())
                }
                clients.append(client)
            }
            #expect(await fixture.waitForConnections(51))
            let during = ProcessCensus.threadCount()
            #expect(during - before < 10, "threads before \(before), after \(during)")
            clients.removeAll()
            #expect(await fixture.waitForConnections(1))
            await fixture.close()
        }

        @Test func refusedPeerIsClosedBeforeAnyByteIsRead() async throws {
            let own = PeerCredentials.current
            let fixture = try TTRPCFixture(
                methods: TestMethods.table(), handshake: .requireUser(uid: own.uid &+ 1, gid: own.gid))
            let client = try RawSocketClient(path: fixture.path)
            client.send(TTRPCTests.FrameCodecTests.connectRequest)
            #expect(await client.isClosedByPeer())
            #expect(fixture.server.connectionCount == 0)
            await fixture.close()
        }

        /// Every kind of connection, served or refused, gives its descriptor back.
        @Test func connectionsLeakNoDescriptors() async throws {
            let before = ProcessCensus.openDescriptorCount()
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            for _ in 0..<30 {
                let served = try RawSocketClient(path: fixture.path)
                served.send(TTRPCTests.FrameCodecTests.connectRequest)
                _ = try #require(await served.receiveFrame())
                let garbage = try RawSocketClient(path: fixture.path)
                garbage.send(Array("garbage".utf8))
                #expect(await garbage.isClosedByPeer())
                let truncated = try RawSocketClient(path: fixture.path)
                truncated.send([0, 0, 0])
                _ = try RawSocketClient(path: fixture.path)  // connects, says nothing, leaves
            }
            let client = try TTRPCClient(connectingTo: fixture.path)
            _ = try await client.call(service: "test.Echo", method: "Echo", payload: [1])
            client.close()
            #expect(await fixture.waitForConnections(0))
            await fixture.close()
            // 30 connections of each kind: one leaked per connection of any kind would add 30.
            let after = await ProcessCensus.descriptorsSettle(atMost: before)
            #expect(after < before + 15, "descriptors before \(before), after \(after)")
        }

        @Test func adoptedListenerServes() async throws {
            let directory = try TTRPCFixture.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/inherited.sock"
            // As the `start` action would: a listening socket passed on as a bare descriptor.
            let inherited = try Socket.listen(path: path)
            let listener = try ShimListener(adopting: inherited)
            let server = TTRPCServer(methods: TestMethods.table())
            let run = Task { await listener.run(serving: server) { Glibc.close($0) } }
            let client = try RawSocketClient(path: path)
            client.send(FrameCodecTests.connectRequest)
            #expect(try #require(await client.receiveFrame()).raw == FrameCodecTests.connectResponse)
            listener.close()
            await run.value
            server.shutdown()
            // An adopted listener leaves the socket file to its creator.
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }
}
