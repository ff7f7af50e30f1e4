import Testing
@testable import HCSShim

extension Robustness {
    /// Hostile bytes at every decoder a client reaches: each is refused with `ShimError`
    /// (`.invalidArgument` for protobuf and JSON) and never traps, hangs or allocates what a
    /// header merely announces. These are the shapes the fuzz targets explore, pinned.
    @Suite struct MalformedInputTests {
        /// Every request message of the Task API and its peers, decoded from `bytes`.
        static let decoders: [(String, @Sendable ([UInt8]) throws(ShimError) -> Void)] = [
            ("CreateTaskRequest", { b throws(ShimError) in _ = try CreateTaskRequest(unpacking: b).containerSpec(namespace: "ns") }),
            ("StartRequest", { b throws(ShimError) in _ = try StartRequest(unpacking: b) }),
            ("DeleteRequest", { b throws(ShimError) in _ = try DeleteRequest(unpacking: b) }),
            ("ExecProcessRequest", { b throws(ShimError) in _ = try ExecProcessRequest(unpacking: b) }),
            ("ResizePtyRequest", { b throws(ShimError) in _ = try ResizePtyRequest(unpacking: b) }),
            ("StateRequest", { b throws(ShimError) in _ = try StateRequest(unpacking: b) }),
            ("KillRequest", { b throws(ShimError) in _ = try KillRequest(unpacking: b) }),
            ("CloseIORequest", { b throws(ShimError) in _ = try CloseIORequest(unpacking: b) }),
            ("PidsRequest", { b throws(ShimError) in _ = try PidsRequest(unpacking: b) }),
            ("CheckpointTaskRequest", { b throws(ShimError) in _ = try CheckpointTaskRequest(unpacking: b).checkpointSpec() }),
            ("UpdateTaskRequest", { b throws(ShimError) in _ = try UpdateTaskRequest(unpacking: b) }),
            ("WaitRequest", { b throws(ShimError) in _ = try WaitRequest(unpacking: b) }),
            ("StatsRequest", { b throws(ShimError) in _ = try StatsRequest(unpacking: b) }),
            ("ConnectRequest", { b throws(ShimError) in _ = try ConnectRequest(unpacking: b) }),
            ("ShutdownRequest", { b throws(ShimError) in _ = try ShutdownRequest(unpacking: b) }),
            ("PauseRequest", { b throws(ShimError) in _ = try PauseRequest(unpacking: b) }),
            ("ResumeRequest", { b throws(ShimError) in _ = try ResumeRequest(unpacking: b) }),
            ("TTRPCRequest", { b throws(ShimError) in _ = try TTRPCRequest(unpacking: b) }),
            ("TTRPCResponse", { b throws(ShimError) in _ = try TTRPCResponse(unpacking: b) }),
            ("SubscribeRequest", { b throws(ShimError) in _ = try SubscribeRequest(unpacking: b) }),
            ("ServerReflectionRequest", { b throws(ShimError) in _ = try ServerReflectionRequest(unpacking: b) }),
            ("TypedPayload", { b throws(ShimError) in _ = try TypedPayload(unpacking: b) }),
            ("BootstrapParams", { b throws(ShimError) in _ = try BootstrapParams(unpacking: b) }),
            ("RuncOptions", { b throws(ShimError) in _ = try RuncOptions(unpacking: b) }),
            ("GenericRuntimeOptions", { b throws(ShimError) in _ = try GenericRuntimeOptions(unpacking: b) }),
        ]

        /// Malformed protobuf: truncated varints and lengths, a length past the end, an
        /// 11-byte varint, a length of 2^63, wire types 3/4/6/7, field number 0.
        static let badProtobuf: [[UInt8]] = [
            [0x0A], [0x0A, 0x05, 0x61], [0x08, 0xFF], [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
            [0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01],
            [0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
            [0x0B], [0x0C], [0x0E], [0x0F], [0x00, 0x00], [0x0D, 0x01, 0x02],
        ]

        @Test(arguments: badProtobuf)
        func malformedProtobufIsInvalidArgumentForEveryMessage(bytes: [UInt8]) {
            for (name, decode) in Self.decoders {
                do throws(ShimError) {
                    try decode(bytes)
                    Issue.record("\(name) accepted \(bytes)")
                } catch {
                    #expect(error.code == .invalidArgument, "\(name): \(error)")
                }
            }
        }

        @Test func emptyBytesDecodeToDefaults() throws {
            for (name, decode) in Self.decoders where name != "CheckpointTaskRequest" {
                do throws(ShimError) { try decode([]) } catch { Issue.record("\(name): \(error)") }
            }
        }

        /// Runtime options inside a Create that claim runc's type but hold garbage are refused
        /// (not silently defaulted), so a client learns its options were not applied.
        @Test func malformedRuncOptionsInsideCreateAreRefused() throws {
            var request = CreateTaskRequest()
            request.id = "c1"
            request.bundle = "/b"
            request.options = TypedPayload(typeURL: "containerd.runc.v1.Options", value: [0x12, 0x09, 0x72])
            let decoded = try CreateTaskRequest(unpacking: request.packed())
            #expect(throws: ShimError.self) { try decoded.containerSpec(namespace: "ns") }
        }

        /// A header announcing 4 GiB is reported oversized at once; its data is dropped as it
        /// arrives and never buffered, and the next frame decodes.
        @Test func oversizedFrameIsSkippedWithoutBuffering() {
            var codec = FrameCodec()
            codec.append([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 1, 0])
            guard case .oversized(let header)? = codec.next() else {
                Issue.record("no oversize notice"); return
            }
            #expect(header.dataLength == UInt32.max)
            let chunk = [UInt8](repeating: 0x41, count: 1 << 16)
            for _ in 0..<64 { codec.append(chunk) }
            #expect(codec.next() == nil)
            // Nothing can follow inside the announced 4 GiB, so the codec stays in skip mode.
            var small = FrameCodec()
            small.append([0, 0x40, 0, 1, 0, 0, 0, 3, 1, 0] + [UInt8](repeating: 0, count: 100))
            guard case .oversized? = small.next() else { Issue.record("4 MiB + 1 not oversized"); return }
        }

        /// Frames split at every byte boundary decode the same as whole.
        @Test func framesSurviveOneByteReads() throws {
            var codec = FrameCodec()
            var frames: [Frame] = []
            let stream = TTRPCTests.FrameCodecTests.connectRequest + TTRPCTests.FrameCodecTests.connectResponse
            for byte in stream {
                codec.append([byte])
                while let event = codec.next() { if case .frame(let frame) = event { frames.append(frame) } }
            }
            #expect(frames.count == 2)
            #expect(frames.first?.type == .request && frames.last?.type == .response)
        }

        /// JSON nested far deeper than any spec: refused (or decoded) without exhausting the stack.
        @Test(arguments: [1_000, 100_000])
        func deeplyNestedJSONDoesNotOverflowTheStack(depth: Int) {
            let json = Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
            _ = try? OCISpec.decode(json)
            _ = try? OCIProcess.decode(json)
            _ = try? JSONValue.decode(json, what: "deep")
            let objects = Array(String(repeating: "{\"a\":", count: depth).utf8) + [0x31] + Array(String(repeating: "}", count: depth).utf8)
            #expect(throws: ShimError.self) { try OCIProcess.decode(objects) }
        }

        @Test(arguments: [
            "", "{", "[]", "null", "{\"process\":5}", "{\"process\":{\"args\":[1]}}", "{\"ociVersion\":\"\u{0}\"}",
            "{\"process\":{\"user\":{\"uid\":-1}}}", "{\"process\":{\"user\":{\"uid\":99999999999999999999}}}",
        ])
        func malformedSpecsAreInvalidArgument(text: String) {
            do throws(ShimError) {
                _ = try OCISpec.decode(Array(text.utf8))
                _ = try OCIProcess.decode(Array(text.utf8))
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .invalidArgument)
            }
        }

        @Test(arguments: [
            "file:///x%", "file:///x%zz", "binary:///x?%", "binary:///x?a=%G0", ":///x", "file://host/x",
        ])
        func malformedStdioURIsAreInvalidArgument(stdout: String) {
            #expect(throws: ShimError.self) { try StdioSpec(StdioPaths(stdout: stdout)) }
        }

        @Test func malformedCommandLinesAreRefused() {
            for words in [["bogus"], ["-id", "x", "start", "extra"], ["start", "delete", "nope"]] {
                #expect(throws: ShimError.self, "\(words)") { try ShimArguments(parsing: words) }
            }
            // A trailing flag without its value, odd dashes and empty words never trap.
            for words in [["-id"], ["--"], ["-"], ["-=x"], ["---id", "x"], [""], ["-debug=maybe"]] {
                _ = try? ShimArguments(parsing: words)
            }
        }

        @Test(arguments: [
            "binary_name = \"unterminated", "binary_name = ", "= \"x\"", "io_uid = 99999999999999999999", "io_uid = -1",
            "systemd_cgroup = maybe",
        ])
        func malformedRuntimeConfigIsInvalidArgument(text: String) {
            do throws(ShimError) {
                _ = try RuntimeConfigFile.parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .invalidArgument, "\(error)")
            }
        }
    }
}
