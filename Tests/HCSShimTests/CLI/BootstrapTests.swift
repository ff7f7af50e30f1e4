import Testing
@testable import HCSShim

@Suite struct BootstrapTests {
    static let runcOptions: TypedPayload = {
        var options = RuntimeOptions()
        options.shimCgroup = "/hcs/shims"
        return TypedPayload(options)
    }()

    // MARK: stdin of `start`

    @Test func emptyStdinMeansNoOptions() {
        #expect(BootstrapInput(stdin: [], namespace: "ns", id: "t1") == BootstrapInput())
    }

    @Test func anOptionsAnyUpTo22() {
        let input = BootstrapInput(stdin: Self.runcOptions.packed(), namespace: "ns", id: "t1")
        #expect(input.params == nil)
        #expect(input.options == Self.runcOptions)
        #expect(input.shimCgroup == "/hcs/shims")
    }

    @Test func bootstrapParamsOf23CarryTheOptionsInTheExtension() {
        let params = BootstrapParams(
            instanceID: "t1", namespace: "ns", logLevel: .debug, containerdVersion: "v2.3.0",
            containerdTTRPCAddress: "/run/containerd/containerd.sock.ttrpc",
            containerdGRPCAddress: "/run/containerd/containerd.sock", extensions: [Extension(value: Self.runcOptions)])
        let input = BootstrapInput(stdin: params.packed(), namespace: "ns", id: "t1")
        #expect(input.params == params)
        #expect(input.options == Self.runcOptions)
        #expect(input.shimCgroup == "/hcs/shims")
    }

    @Test func paramsOfAnotherTaskAreNotTakenForOursNorForAnAny() {
        // Decoded as an Any, these params name the task id as the type: no options either way.
        let params = BootstrapParams(instanceID: "t1", namespace: "other", extensions: [Extension(value: Self.runcOptions)])
        let input = BootstrapInput(stdin: params.packed(), namespace: "ns", id: "t1")
        #expect(input.params == nil)
        #expect(input.options == nil)
    }

    @Test func garbageStdinIsIgnored() {
        #expect(BootstrapInput(stdin: [0xFF, 0xFF, 0xFF], namespace: "ns", id: "t1").options == nil)
    }

    @Test func configFileOptionsGiveTheShimCgroup() throws {
        let generic = GenericRuntimeOptions(typeURL: "", configPath: "", configBody: Array("binary_name = \"crun\"\nshim_cgroup = \"/x\"\n".utf8))
        let input = BootstrapInput(options: TypedPayload(generic))
        #expect(input.shimCgroup == "/x")
        #expect(BootstrapInput(options: TypedPayload(typeURL: "example.Unknown", value: [1, 2])).shimCgroup == "")
    }

    /// A real cgroup and a real process: the daemon lands where `shim_cgroup` says.
    @Test(.enabled(if: Files.exists("/sys/fs/cgroup/cgroup.controllers") || Files.exists("/sys/fs/cgroup/pids/cgroup.procs")))
    func shimCgroupPlacesTheDaemon() async throws {
        let root = Files.exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/pids"
        let name = "hcsshim-bootstrap-test-\(ShimProcess.pid)"
        try Files.makeDirectory(root + "/" + name)
        defer { Files.removeDirectory(root + "/" + name) }
        let pid = try ProcessSpawner.spawn(["sleep", "30"])
        var options = RuntimeOptions()
        options.shimCgroup = name
        BootstrapInput(options: TypedPayload(options)).placeInShimCgroup(pid)
        let membership = (try? Files.readText("/proc/\(pid)/cgroup")) ?? ""
        _ = try await ProcessSpawner.run(["kill", "-9", "\(pid)"])
        _ = await Reaper.shared.wait(pid: pid)
        #expect(membership.split(separator: "\n").contains { $0.hasSuffix(":/" + name) })
    }

    // MARK: what `start` prints

    @Test func ttrpcIsThePlainAddressForEveryGeneration() {
        for generation in [ContainerdGeneration(major: 1, minor: 6), .init(major: 1, minor: 7), .init(major: 2, minor: 1), nil] {
            let reply = BootstrapReply(requested: .ttrpc, generation: generation, socketPath: "/run/containerd/s/abc")
            #expect(reply.output == "unix:///run/containerd/s/abc")
        }
    }

    @Test func grpcIsJSONVersion2For17AndVersion3For2x() {
        let v17 = BootstrapReply(requested: .grpc, generation: .init(major: 1, minor: 7), socketPath: "/run/containerd/s/abc")
        #expect(v17.output == #"{"version":2,"address":"/run/containerd/s/abc","protocol":"grpc"}"#)
        let v21 = BootstrapReply(requested: .grpc, generation: .init(major: 2, minor: 1), socketPath: "/run/containerd/s/abc")
        #expect(v21.output == #"{"version":3,"address":"/run/containerd/s/abc","protocol":"grpc"}"#)
    }

    @Test func grpcFallsBackToTTRPCWhereContainerdCannotTakeIt() {
        for generation in [ContainerdGeneration(major: 1, minor: 6), nil] {
            let reply = BootstrapReply(requested: .grpc, generation: generation, socketPath: "/s/x")
            #expect(reply.protocol == .ttrpc && reply.output == "unix:///s/x")
        }
    }

    @Test func protocolSettingAndJSONEscaping() {
        #expect(ShimProtocol(setting: "GRPC") == .grpc)
        #expect(ShimProtocol(setting: "ttrpc") == .ttrpc && ShimProtocol(setting: nil) == .ttrpc && ShimProtocol(setting: "h2") == .ttrpc)
        #expect(BootstrapReply.jsonEscaped("a\"b\\c\n") == #"a\"b\\c\u000a"#)
    }

    // MARK: which containerd

    @Test func versionsAsDebianAndUpstreamSpellThem() {
        #expect(ContainerdGeneration(version: "1.7.24~ds1") == .init(major: 1, minor: 7))
        #expect(ContainerdGeneration(version: "v2.3.0") == .init(major: 2, minor: 3))
        #expect(ContainerdGeneration(version: "2.1.9+unknown") == .init(major: 2, minor: 1))
        #expect(ContainerdGeneration(version: "github.com/containerd/containerd/v2") == nil)
        #expect(ContainerdGeneration(version: "") == nil)
        #expect(ContainerdGeneration(versionOutput: "containerd github.com/containerd/containerd/v2 2.1.9+unknown \n") == .init(major: 2, minor: 1))
        #expect(ContainerdGeneration(versionOutput: "containerd github.com/containerd/containerd 1.7.24~ds1 1.7.24~ds1-6+deb13u1\n") == .init(major: 1, minor: 7))
        #expect(ContainerdGeneration(major: 1, minor: 7).grpcShimVersion == 2)
        #expect(ContainerdGeneration(major: 2, minor: 0).grpcShimVersion == 3)
        #expect(ContainerdGeneration(major: 1, minor: 6).grpcShimVersion == nil)
    }

    @Test func detectionPrefersParamsThenEnvironmentThenTheBinary() async {
        let probed = Locked<[String]>([])
        let probe: (String) async -> String? = { binary in
            probed.withLock { $0.append(binary) }
            return "containerd github.com/containerd/containerd 1.7.24~ds1 x\n"
        }
        let params = BootstrapParams(containerdVersion: "v2.3.1")
        #expect(await ContainerdGeneration.detect(params: params, grpcAddress: "/g", publishBinary: "/usr/bin/containerd", probe: probe)
            == .init(major: 2, minor: 3))
        #expect(await ContainerdGeneration.detect(params: nil, grpcAddress: nil, publishBinary: "/usr/bin/containerd", probe: probe)
            == .init(major: 1, minor: 6))
        #expect(probed.value.isEmpty)
        #expect(await ContainerdGeneration.detect(params: nil, grpcAddress: "/g", publishBinary: "/usr/bin/containerd", probe: probe)
            == .init(major: 1, minor: 7))
        #expect(await ContainerdGeneration.detect(params: nil, grpcAddress: "/g", publishBinary: "containerd", probe: probe) == nil)
        #expect(probed.value == ["/usr/bin/containerd"])
    }

    /// The installed containerd (Debian 12's 1.6) answers `--version` in the form parsed above.
    @Test(.enabled(if: Files.exists("/usr/bin/containerd"))) func realContainerdVersionLine() async throws {
        let output = try await ProcessSpawner.run(["/usr/bin/containerd", "--version"])
        #expect(output.status.code == 0)
        let generation = ContainerdGeneration(versionOutput: String(decoding: output.stdout, as: UTF8.self))
        #expect(generation != nil)
        #expect((generation?.major ?? 0) >= 1)
    }
}
