import Foundation
import Synchronization
import Testing
@testable import HCSShim

/// The server against containerd's Go ttrpc client (v1.1, as containerd 1.6 uses with its
/// shims), driven by `ctr shim state`: ctr dials the socket at
/// `/run/containerd/s/<sha256("<address>/<namespace>/<id>")>` and calls
/// `containerd.task.v2.Task/State`. Opt-in (`HCSSHIM_CTR_SHIM_PROBE=1`, as root) because it
/// listens under the system path `/run/containerd/s`.
extension TTRPCTests {
    @Suite(.enabled(if: ProcessInfo.processInfo.environment["HCSSHIM_CTR_SHIM_PROBE"] != nil))
    struct TTRPCGoClientInteropTests {
        @Test func ctrShimStateIsServed() async throws {
            let address = "/tmp/hcsshim-ttrpc-probe/containerd.sock"
            let id = "ttrpc-probe-\(getpid())"
            let hash = try await PythonClient.runCommand(["/usr/bin/python3", "-c",
                "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())",
                "\(address)/default/\(id)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.createDirectory(atPath: "/run/containerd/s", withIntermediateDirectories: true)
            let seenID = Mutex<String?>(nil)
            let methods = TestMethods.table { table in
                table.register(service: "containerd.task.v2.Task", method: "State", .unary { request, _ in
                    let state = try StateRequest(unpacking: request)
                    seenID.withLock { $0 = state.id }
                    return StateResponse(
                        id: state.id, bundle: "/bundle/\(state.id)", pid: 4321, status: .running).packed()
                })
            }
            let fixture = try TTRPCFixture(methods: methods, path: "/run/containerd/s/" + hash)
            let outcome = try await PythonClient.runCommand(
                ["/usr/bin/ctr", "-a", address, "-n", "default", "shim", "--id", id, "state"])
            await fixture.close()
            #expect(outcome.status == 0, "ctr stderr: \(outcome.stderr)")
            #expect(outcome.stdout.contains("\"pid\": 4321"), "ctr stdout: \(outcome.stdout)")
            #expect(outcome.stdout.contains("/bundle/\(id)"))
            #expect(seenID.withLock { $0 } == id)
        }
    }
}
