import Testing
@testable import HCSShim

/// Byte-exact encodings. The ttrpc payloads are the worked bytes of the protocol reference
/// (§4.9, frame header stripped); the Task messages were encoded by `protoc --encode` from
/// our .proto files, an implementation independent of protobuf-c.
@Suite struct WireGoldenTests {
    static let connectRequestBody =
        "0a17636f6e7461696e6572642e7461736b2e76322e5461736b1207436f6e6e6563741a060a04746573742a250a1a"
        + "636f6e7461696e6572642d6e616d6573706163652d7474727063120764656661756c74"

    @Test func connectRequestMatchesWorkedBytes() throws {
        let request = TTRPCRequest(
            service: "containerd.task.v2.Task", method: "Connect", payload: ConnectRequest(id: "test").packed(),
            metadata: [TTRPCKeyValue(key: "containerd-namespace-ttrpc", value: "default")])
        let bytes = request.packed()
        #expect(bytes.count == 0x51)
        #expect(Hex.string(bytes) == Self.connectRequestBody)

        let decoded = try TTRPCRequest(unpacking: Hex.bytes(Self.connectRequestBody))
        #expect(decoded == request)
        #expect(try ConnectRequest(unpacking: decoded.payload).id == "test")
    }

    @Test func connectResponseMatchesWorkedBytes() throws {
        let payload = ConnectResponse(shimPID: 1234, taskPID: 5678).packed()
        #expect(Hex.string(TTRPCResponse(payload: payload).packed()) == "120608d20910ae2c")
        #expect(Hex.string(TTRPCResponse(status: StatusMessage(), payload: payload).packed()) == "0a00120608d20910ae2c")

        let withoutStatus = try TTRPCResponse(unpacking: Hex.bytes("120608d20910ae2c"))
        #expect(withoutStatus.status == nil)
        let connect = try ConnectResponse(unpacking: withoutStatus.payload)
        #expect(connect == ConnectResponse(shimPID: 1234, taskPID: 5678))

        let explicitOK = try TTRPCResponse(unpacking: Hex.bytes("0a00120608d20910ae2c"))
        #expect(explicitOK.status == StatusMessage())
        #expect(explicitOK.status?.error == nil)
    }

    @Test func notFoundResponseMatchesWorkedBytes() throws {
        let hex = "0a2408051220636f6e7461696e6572206e6f7420637265617465643a206e6f7420666f756e64"
        let response = TTRPCResponse(status: StatusMessage(ShimError.notFound("container not created: not found")))
        #expect(Hex.string(response.packed()) == hex)

        let decoded = try TTRPCResponse(unpacking: Hex.bytes(hex))
        #expect(decoded.payload.isEmpty)
        #expect(decoded.status?.error == ShimError.notFound("container not created: not found"))
    }

    @Test func createTaskRequestMatchesProtoc() throws {
        let hex =
            "0a02633112062f72756e2f621a2c0a076f7665726c617912076f7665726c6179220b6c6f7765726469723d2f6c220b7570"
            + "7065726469723d2f7520012a022f6932022f6f3a022f6542032f63704a042f70637052200a1a636f6e7461696e6572642e"
            + "72756e632e76312e4f7074696f6e7312023001"
        let request = CreateTaskRequest(
            id: "c1", bundle: "/run/b",
            rootfs: [MountSpec(type: "overlay", source: "overlay", options: ["lowerdir=/l", "upperdir=/u"])],
            terminal: true, stdin: "/i", stdout: "/o", stderr: "/e", checkpoint: "/cp", parentCheckpoint: "/pcp",
            options: TypedPayload(typeURL: "containerd.runc.v1.Options", value: [0x30, 0x01]))
        #expect(Hex.string(request.packed()) == hex)
        #expect(try CreateTaskRequest(unpacking: Hex.bytes(hex)) == request)
    }

    @Test func stateResponseMatchesProtoc() throws {
        let hex = "0a02633112022f62182a2003400148890152080880e2cfaa0610055a026531"
        let response = StateResponse(
            id: "c1", bundle: "/b", pid: 42, status: .stopped, terminal: true, exitStatus: 137,
            exitedAt: Timestamp(seconds: 1_700_000_000, nanos: 5), execID: "e1")
        #expect(Hex.string(response.packed()) == hex)
        #expect(try StateResponse(unpacking: Hex.bytes(hex)) == response)
    }

    @Test func updateTaskRequestPacksMapSortedByKey() throws {
        let hex = "0a02633112070a017212027b7d1a060a01611201311a060a0162120132"
        let request = UpdateTaskRequest(
            id: "c1", resources: TypedPayload(typeURL: "r", value: Array("{}".utf8)), annotations: ["b": "2", "a": "1"])
        #expect(Hex.string(request.packed()) == hex)
        #expect(try UpdateTaskRequest(unpacking: Hex.bytes(hex)) == request)
    }

    @Test func pidsResponseMatchesProtoc() throws {
        let hex = "0a0208010a2d080712290a21636f6e7461696e6572642e72756e632e76312e50726f6365737344657461696c7312040a026531"
        let details = TypedPayload(typeURL: "containerd.runc.v1.ProcessDetails", value: [0x0a, 0x02, 0x65, 0x31])
        let response = PidsResponse(processes: [ProcessInfo(pid: 1), ProcessInfo(pid: 7, info: details)])
        #expect(Hex.string(response.packed()) == hex)
        #expect(try PidsResponse(unpacking: Hex.bytes(hex)) == response)
    }

    @Test func negativeIntegersUseTenByteVarints() throws {
        let wait = WaitResponse(exitStatus: 0, exitedAt: Timestamp(seconds: -62_135_596_800, nanos: 0))
        #expect(Hex.string(wait.packed()) == "120b088092b8c398feffffff01")
        let request = TTRPCRequest(service: "s", method: "m", payload: [1], timeoutNano: -1)
        #expect(Hex.string(request.packed()) == "0a017312016d1a010120ffffffffffffffffff01")
        #expect(try TTRPCRequest(unpacking: request.packed()) == request)
    }
}
