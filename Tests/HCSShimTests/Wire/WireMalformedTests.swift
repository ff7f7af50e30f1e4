import Testing
@testable import HCSShim

/// Bytes protobuf-c rejects must surface as `.invalidArgument`, never as a crash or a
/// partially filled value.
@Suite struct WireMalformedTests {
    static let malformed: [(name: String, hex: String)] = [
        ("truncated length-delimited field", "0a05616263"),
        ("truncated varint", "08ff"),
        ("varint longer than ten bytes", "08ffffffffffffffffffff01"),
        ("wrong wire type for a string field", "0801"),
        ("field number zero", "0001"),
        ("length beyond the buffer", "0affffffff0f"),
    ]

    @Test(arguments: malformed.map(\.hex))
    func requestRejectsMalformedBytes(_ hex: String) {
        #expect(throws: ShimError.self) { try TTRPCRequest(unpacking: Hex.bytes(hex)) }
        do {
            _ = try TTRPCRequest(unpacking: Hex.bytes(hex))
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("ttrpc.Request"))
        }
    }

    @Test func nestedMalformedMessageFailsTheWhole() {
        // CreateTaskRequest.rootfs (field 3) holding a Mount whose type string is truncated.
        let bytes = Hex.bytes("1a040a05616263")
        #expect(throws: ShimError.invalidArgument("unpack containerd.task.v2.CreateTaskRequest: malformed message (7 bytes)")) {
            try CreateTaskRequest(unpacking: bytes)
        }
    }

    @Test func anyOfAnotherTypeIsRejected() throws {
        let payload = TypedPayload(KillRequest(id: "c1", signal: 9))
        #expect(payload.typeURL == "containerd.task.v2.KillRequest")
        #expect(try payload.unpacked(as: KillRequest.self) == KillRequest(id: "c1", signal: 9))
        #expect(throws: ShimError.self) { try payload.unpacked(as: DeleteRequest.self) }

        let prefixed = TypedPayload(typeURL: "type.googleapis.com/containerd.task.v2.KillRequest", value: payload.value)
        #expect(prefixed.holds(KillRequest.self))
        #expect(try prefixed.unpacked(as: KillRequest.self).signal == 9)
    }
}
