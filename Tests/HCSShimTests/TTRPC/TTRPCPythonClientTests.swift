import Foundation
import Testing
@testable import HCSShim

/// Runs `Tests/clients/ttrpc_client.py`, the ttrpc client written independently from the
/// protocol description, with the system python3.
///
/// Children are started with the shim's `ProcessSpawner` and waited for through `Reaper`:
/// the reaper (running in this test process for other suites) collects every child with
/// `wait4(-1)`, so Foundation's `Process` would lose the exit status.
enum PythonClient {
    struct Outcome: Sendable {
        var status: UInt32
        var stdout: String
        var stderr: String
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("clients/ttrpc_client.py").path

    static func run(
        socket: String, id: String, arguments: [String] = [], asUser prefix: [String] = []
    ) async throws -> Outcome {
        try await runCommand(prefix + ["/usr/bin/python3", script, socket, id] + arguments)
    }

    static func runCommand(_ command: [String]) async throws -> Outcome {
        let output = try await ProcessSpawner.run(command)
        return Outcome(
            status: output.status.code,
            stdout: String(decoding: output.stdout, as: UTF8.self),
            stderr: String(decoding: output.stderr, as: UTF8.self))
    }

    static func json(_ outcome: Outcome) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        return try #require(object as? [String: Any])
    }
}

extension TTRPCTests {
    @Suite(.serialized) struct TTRPCPythonClientTests {
        @Test func independentClientConnects() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let outcome = try await PythonClient.run(socket: "unix://" + fixture.path, id: "test")
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let result = try PythonClient.json(outcome)
            // The python client's own encoding of the request is the document's golden frame.
            #expect(result["request_frame"] as? String == hex(FrameCodecTests.connectRequest))
            #expect(result["response_frame"] as? String == hex(FrameCodecTests.connectResponse))
            #expect(result["stream_id"] as? Int == 1)
            #expect(result["type"] as? Int == 2)
            #expect(result["has_status"] as? Bool == false)
            #expect(result["shim_pid"] as? Int == 1234)
            #expect(result["task_pid"] as? Int == 5678)
            await fixture.close()
        }

        @Test func independentClientSeesNotFoundStatus() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let outcome = try await PythonClient.run(socket: fixture.path, id: "missing", arguments: ["--stream-id", "3"])
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let result = try PythonClient.json(outcome)
            #expect(result["response_frame"] as? String == hex(FrameCodecTests.notFoundResponse))
            #expect(result["status_code"] as? Int == 5)
            #expect(result["status_message"] as? String == "container not created: not found")
            #expect(result["payload"] as? String == "")
            await fixture.close()
        }

        @Test func independentClientGetsUnimplemented() async throws {
            let fixture = try TTRPCFixture(methods: TestMethods.table())
            let outcome = try await PythonClient.run(socket: fixture.path, id: "x", arguments: ["--method", "Shutdown"])
            let result = try PythonClient.json(outcome)
            #expect(result["status_code"] as? Int == 12)
            #expect(result["status_message"] as? String == "method Shutdown")
            await fixture.close()
        }

        private func hex(_ bytes: [UInt8]) -> String {
            bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}
