import Foundation
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct PeerCredentialsTests {
        @Test func sameUserPeerIsSeenAndAdmitted() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let client = try RawSocketClient(path: fixture.path)
            let peer = try PeerCredentials.of(socket: client.fd)
            #expect(peer.uid == geteuid() && peer.gid == getegid())
            #expect(peer.pid == getpid())
            #expect(try Handshake.sameUser.admit(socket: client.fd) == peer)
            #expect(throws: ShimError.self) {
                try Handshake.requireUser(uid: peer.uid &+ 1, gid: peer.gid).admit(socket: client.fd)
            }
            client.send(FrameCodecTests.connectRequest)
            #expect(try #require(await client.receiveFrame()).raw == FrameCodecTests.connectResponse)
            await fixture.close()
        }

        /// Runs the independent python client as uid/gid 65534 against a shim that requires the
        /// same user; the directory and socket are opened up for this test only, so the refusal
        /// comes from the handshake, not the file mode.
        @Test(.enabled(if: geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
        func otherUserIsRefused() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            chmod(fixture.directory, 0o755)
            chmod(fixture.path, 0o666)
            let refused = try await PythonClient.run(
                socket: fixture.path, id: "test",
                asUser: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
            #expect(refused.status == 3, "stderr: \(refused.stderr)")
            #expect(refused.stderr.contains("connection closed by server"))
            #expect(refused.stdout.isEmpty)
            // The same client as root is served.
            let served = try await PythonClient.run(socket: fixture.path, id: "test")
            #expect(served.status == 0)
            #expect(await fixture.waitForConnections(0))
            await fixture.close()

            // Control: with a handshake that admits anyone, the same uid-65534 client is served,
            // so the refusal above was the credential check's.
            let open = try TTRPCFixture(methods: TestMethods.table(), handshake: .anyUser)
            chmod(open.directory, 0o755)
            chmod(open.path, 0o666)
            let admitted = try await PythonClient.run(
                socket: open.path, id: "test",
                asUser: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
            #expect(admitted.status == 0, "stderr: \(admitted.stderr)")
            #expect(try PythonClient.json(admitted)["task_pid"] as? Int == 5678)
            await open.close()
        }
    }
}
