import Testing
@testable import HCSShim

/// The `containerd.linux.runc` payloads containerd's Go client sends a runtime not named
/// `io.containerd.runc.*`, against `protoc --encode` bytes, and where their facts land.
@Suite struct WireLinuxRuncOptionsTests {
    static var createOptions: LinuxRuncCreateOptions {
        var options = RuntimeOptions()
        options.noPivotRoot = true
        options.noNewKeyring = true
        options.shimCgroup = "/sc"
        options.ioUID = 1000
        options.ioGID = 1001
        options.criuWorkPath = "/work"
        options.criuImagePath = "/img"
        var create = LinuxRuncCreateOptions(options: options)
        create.openTCP = true
        create.terminal = true
        create.emptyNamespaces = ["network"]
        create.cgroupsMode = "soft"
        return create
    }

    static let goldens: [GoldenCase] = [
        GoldenCase(
            createOptions,
            "08011001200132076e6574776f726b3a04736f667440014a032f736350e80758e90762052f776f726b6a042f696d67"),
        GoldenCase(
            LinuxRuncCheckpointOptions(options: CheckpointOptions(exit: true, fileLocks: true, imagePath: "/img", workPath: "/w")),
            "0801280142022f774a042f696d67"),
    ]

    @Test(arguments: goldens)
    func encodesAndDecodesLikeProtoc(_ golden: GoldenCase) throws {
        #expect(Hex.string(golden.message.packed()) == golden.hex)
        #expect(try golden.decodesToMessage(Hex.bytes(golden.hex)))
    }

    @Test func createRequestOptionsBecomeTheRuntimeOptions() throws {
        let request = CreateTaskRequest(id: "c1", bundle: "/b", options: TypedPayload(Self.createOptions))
        let spec = try request.containerSpec(namespace: "ns")
        #expect(spec.options == Self.createOptions.options)
        #expect(spec.options.shimCgroup == "/sc" && spec.options.noPivotRoot && spec.options.ioGID == 1001)
    }

    @Test func checkpointRequestOptionsKeepImageAndWorkPathApart() throws {
        let options = LinuxRuncCheckpointOptions(options: CheckpointOptions(exit: true, imagePath: "/img", workPath: "/w"))
        let request = CheckpointTaskRequest(id: "c1", options: TypedPayload(options))
        let spec = try request.checkpointSpec()
        #expect(spec.path == "/img" && spec.workPath == "/w" && spec.exit)
    }

    @Test func startStdinNamesTheShimCgroup() {
        let input = BootstrapInput(stdin: TypedPayload(Self.createOptions).packed(), namespace: "ns", id: "t1")
        #expect(input.shimCgroup == "/sc")
    }
}
