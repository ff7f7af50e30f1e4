import Testing
@testable import HCSShim

extension GRPCTests {
    /// python grpcio (a different gRPC implementation) calling the Swift server with raw bytes.
    @Suite struct GRPCPythonClientTests {
        static let client = ExternalTool.client("grpc_client.py")

        func python(_ arguments: [String]) async throws -> ExternalTool.Output {
            let python = try #require(ExternalTool.find("python3"))
            return try await ExternalTool.run(python, [Self.client] + arguments)
        }

        @Test(.enabled("needs python3 with grpcio (pip install grpcio)") { await ExternalTool.pythonGRPCMissing() == nil })
        func unaryCallWithRawBytes() async throws {
            try await GRPCTests.GRPCLoopbackTests.withListeningServer { socket, _ in
                let payload: [UInt8] = [0x0a, 0x03, 0x61, 0x62, 0x63, 0x00, 0xff]
                let output = try await python(["unary", socket, "/test.Echo/Echo", payload.hex])
                #expect(output.stderr.isEmpty, "\(output.stderr)")
                #expect(output.stdout == payload.hex + "\n")
            }
        }

        @Test(.enabled("needs python3 with grpcio (pip install grpcio)") { await ExternalTool.pythonGRPCMissing() == nil })
        func statusCodesMetadataAndStreams() async throws {
            try await GRPCTests.GRPCLoopbackTests.withListeningServer { socket, _ in
                let failed = try await python(["unary", socket, "/test.Echo/Fail", [5].hex + Array("gone".utf8).hex])
                #expect(failed.stdout == "STATUS 5 fail: gone\n")

                let missing = try await python(["unary", socket, "/test.Echo/Missing", ""])
                #expect(missing.stdout.hasPrefix("STATUS 12 "))

                let context = try await python([
                    "unary", socket, "/test.Echo/Context", "", "--timeout", "5", "--metadata", "containerd-namespace=ns1",
                ])
                let text = String(decoding: Self.bytes(hex: context.stdout), as: UTF8.self)
                #expect(text.hasPrefix("ns1|true|"), "\(context.stdout) \(context.stderr)")

                let late = try await python(["unary", socket, "/test.Echo/Sleep", [30].hex, "--timeout", "0.2"])
                #expect(late.stdout.hasPrefix("STATUS 4 "))

                let stream = try await python(["stream", socket, "/test.Echo/Count", [3].hex])
                #expect(stream.stdout == "00\n01\n02\n")
            }
        }

        static func bytes(hex: String) -> [UInt8] {
            let digits = Array(hex.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
                UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)
            }
        }
    }
}
