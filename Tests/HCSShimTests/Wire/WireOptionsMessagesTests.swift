import Testing
@testable import HCSShim

/// Runtime options, introspection and the bootstrap handshake, against `protoc --encode` bytes.
@Suite struct WireOptionsMessagesTests {
    static var runcOptions: RuncOptions {
        var options = RuncOptions()
        options.noPivotRoot = true
        options.noNewKeyring = true
        options.shimCgroup = "/sc"
        options.ioUID = 1000
        options.ioGID = 1001
        options.binaryName = "crun"
        options.root = "/r"
        options.criuPath = "/criu"
        options.systemdCgroup = true
        options.criuImagePath = "/img"
        options.criuWorkPath = "/work"
        return options
    }

    static let goldens: [GoldenCase] = [
        GoldenCase(
            runcOptions,
            "080110011a032f736320e80728e90732046372756e3a022f7242052f63726975480152042f696d675a052f776f726b"),
        GoldenCase(
            CheckpointOptions(
                exit: true, openTCP: true, externalUnixSockets: true, terminal: true, fileLocks: true,
                emptyNamespaces: ["network", "ipc"], cgroupsMode: "soft", imagePath: "/img", workPath: "/w"),
            "0801100118012001280132076e6574776f726b32036970633a04736f667442042f696d674a022f77"),
        GoldenCase(ProcessDetails(execID: "e9"), "0a026539"),
        GoldenCase(
            GenericRuntimeOptions(typeURL: "io.containerd.hcs.v1.Config", configPath: "/etc/hcs.toml", configBody: Array("a=1".utf8)),
            "0a1b696f2e636f6e7461696e6572642e6863732e76312e436f6e666967120d2f6574632f6863732e746f6d6c1a03613d31"),
        GoldenCase(
            RuntimeInfo(
                name: "io.containerd.hcs.v1", version: RuntimeVersion(version: "0.1.0", revision: "abc"),
                options: TypedPayload(typeURL: "o", value: []), features: TypedPayload(typeURL: "f", value: Array("{}".utf8)),
                annotations: ["containerd.io/runtime-allow-mounts": "overlay"]),
            "0a14696f2e636f6e7461696e6572642e6863732e7631120c0a05302e312e3012036162631a030a016f22070a016612027b7d2a2d0a22"
                + "636f6e7461696e6572642e696f2f72756e74696d652d616c6c6f772d6d6f756e747312076f7665726c6179"),
        GoldenCase(
            BootstrapParams(
                instanceID: "c1", namespace: "k8s.io", logLevel: .debug, containerdVersion: "2.3.0",
                containerdTTRPCAddress: "/run/t", containerdGRPCAddress: "/run/g", containerdBinary: "/usr/bin/containerd",
                extensions: [Extension(value: TypedPayload(typeURL: "containerd.runc.v1.Options", value: [0x30, 0x01]))],
                socketDir: "/run/s"),
            "0a02633112066b38732e696f18fcffffffffffffffff012205322e332e302a062f72756e2f7432062f72756e2f673a132f7573722f"
                + "62696e2f636f6e7461696e65726442220a200a1a636f6e7461696e6572642e72756e632e76312e4f7074696f6e73120230014a06"
                + "2f72756e2f73"),
        GoldenCase(
            BootstrapResult(
                version: 2, address: "unix:///run/s.sock", protocol: "ttrpc", capabilities: [.unspecified], metadata: ["k": "v"]),
            "08021212756e69783a2f2f2f72756e2f732e736f636b1a0574747270632201002a060a016b120176"),
    ]

    @Test(arguments: goldens)
    func encodesLikeProtoc(_ golden: GoldenCase) throws {
        #expect(Hex.string(golden.message.packed()) == golden.hex)
        #expect(try golden.decodesToMessage(Hex.bytes(golden.hex)))
    }

    @Test func createOptionsDecodeIntoTheComputeOptions() throws {
        let request = CreateTaskRequest(id: "c1", options: TypedPayload(Self.runcOptions))
        let decoded = try CreateTaskRequest(unpacking: request.packed())
        let options = try #require(decoded.options)
        #expect(options.typeURL == "containerd.runc.v1.Options")
        #expect(try options.unpacked(as: RuntimeOptions.self) == Self.runcOptions)
        #expect(!options.holds(GenericRuntimeOptions.self))
    }

    @Test func unknownLogLevelsMapToTheNearestKnownLevel() throws {
        #expect(LogLevel(nearest: -6) == .trace)  // tie between trace (-8) and debug (-4): the more verbose
        #expect(LogLevel(nearest: -5) == .debug)
        #expect(LogLevel(nearest: 2) == .info)  // tie between info and warn
        #expect(LogLevel(nearest: 11) == .fatal)
        #expect(LogLevel(nearest: 100) == .panic)
        #expect(LogLevel(nearest: .min) == .trace)
        // BootstrapParams{log_level: 9}: decodes as error (8), the closest level.
        #expect(try BootstrapParams(unpacking: [0x18, 0x09]).logLevel == .error)
        for level in LogLevel.allCases {
            #expect(try roundTrip(BootstrapParams(logLevel: level)).0.logLevel == level)
        }
    }
}
