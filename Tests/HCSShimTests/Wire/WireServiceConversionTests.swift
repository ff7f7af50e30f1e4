import Testing
@testable import HCSShim

/// Task messages to and from the service's vocabulary: specs, snapshots, events.
@Suite struct WireServiceConversionTests {
    static let exited = ExitStatus(code: 137, exitedAt: Timestamp(seconds: 1_700_000_000, nanos: 1))

    static let events: [ShimEvent] = [
        .create(
            containerID: "c1", bundle: "/b", rootfs: [MountSpec(type: "bind", source: "/s", target: "/t", options: ["rbind"])],
            io: StdioPaths(stdin: "/i", stdout: "/o", stderr: "/e", terminal: true), checkpoint: "/cp", pid: 300),
        .start(containerID: "c1", pid: 300),
        .exit(containerID: "c1", id: "c1", pid: 300, status: exited),
        .delete(containerID: "c1", execID: "", pid: 300, status: exited),
        .oom(containerID: "c1"),
        .execAdded(containerID: "c1", execID: "e1"),
        .execStarted(containerID: "c1", execID: "e1", pid: 301),
        .paused(containerID: "c1"),
        .resumed(containerID: "c1"),
        .checkpointed(containerID: "c1", checkpoint: "/cp"),
    ]

    @Test(arguments: events)
    func eventsRoundTripThroughTheirPayload(_ event: ShimEvent) throws {
        let envelope = Envelope(event, namespace: "default", timestamp: Timestamp(seconds: 9, nanos: 0))
        let decoded = try Envelope(unpacking: envelope.packed())
        #expect(decoded.topic == event.topic)
        let payload = try #require(decoded.event)
        #expect(payload.typeURL.hasPrefix("containerd.events.Task"))
        #expect(try ShimEvent(payload) == event)
    }

    @Test func eventPayloadsAreTheContainerdMessages() {
        // Same bytes as the protoc-encoded TaskCreate and TaskExit of WireEventMessagesTests.
        #expect(
            Hex.string(Self.events[0].payload.value)
                == "0a02633112022f621a150a0462696e6412022f731a022f7422057262696e64220e0a022f6912022f6f1a022f6520012a032f637030ac02")
        #expect(Hex.string(Self.events[2].payload.value) == "0a0263311202633118ac022089012a080880e2cfaa061001")
    }

    @Test func nonEventPayloadIsRejected() {
        #expect(throws: ShimError.self) { try ShimEvent(TypedPayload(KillRequest(id: "c1"))) }
        #expect(throws: ShimError.self) { try ShimEvent(TypedPayload(typeURL: "containerd.events.TaskExit", value: [0x0a, 0x09])) }
    }

    @Test func createDecodesRuncOptionsAndIgnoresOthers() throws {
        var runc = RuncOptions()
        runc.binaryName = "crun"
        runc.systemdCgroup = true
        let request = CreateTaskRequest(
            id: "c1", bundle: "/b", rootfs: [MountSpec(type: "overlay", source: "overlay")], terminal: true, stdin: "/i",
            checkpoint: "/cp", options: TypedPayload(runc))
        let spec = try request.containerSpec(namespace: "k8s.io")
        #expect(spec.id == "c1" && spec.bundle == "/b" && spec.namespace == "k8s.io" && spec.checkpoint == "/cp")
        #expect(spec.rootfs == request.rootfs && spec.stdio == StdioPaths(stdin: "/i", terminal: true))
        #expect(spec.options == runc)

        let prefixed = TypedPayload(typeURL: "type.googleapis.com/containerd.runc.v1.Options", value: runc.packed())
        #expect(try CreateTaskRequest(id: "c1", options: prefixed).containerSpec(namespace: "n").options == runc)

        let generic = TypedPayload(GenericRuntimeOptions(configPath: "/etc/x.toml"))
        #expect(try CreateTaskRequest(id: "c1", options: generic).containerSpec(namespace: "n").options == RuntimeOptions())

        let malformed = TypedPayload(typeURL: "containerd.runc.v1.Options", value: [0x32, 0x05])
        #expect(throws: ShimError.self) { try CreateTaskRequest(id: "c1", options: malformed).containerSpec(namespace: "n") }
    }

    @Test func execAndCheckpointSpecs() throws {
        let exec = ExecProcessRequest(
            id: "c1", execID: "e1", stdout: "/o", spec: TypedPayload(typeURL: "p", value: Array(#"{"args":["sh"]}"#.utf8)))
        #expect(exec.execSpec.execID == "e1" && exec.execSpec.stdio == StdioPaths(stdout: "/o"))
        #expect(exec.execSpec.processJSON == Array(#"{"args":["sh"]}"#.utf8))

        let options = CheckpointOptions(exit: true, openTCP: true, emptyNamespaces: ["network"], imagePath: "/img", workPath: "/w")
        let spec = try CheckpointTaskRequest(id: "c1", path: "/cp", options: TypedPayload(options)).checkpointSpec()
        #expect(spec.path == "/cp" && spec.exit && spec.openTCP && !spec.fileLocks)
        #expect(spec.emptyNamespaces == ["network"] && spec.workPath == "/w")
        #expect(try CheckpointTaskRequest(id: "c1", options: TypedPayload(options)).checkpointSpec().path == "/img")
    }

    @Test func stateDeleteAndPidsAnswers() throws {
        let snapshot = ProcessSnapshot(
            containerID: "c1", execID: "e1", bundle: "/b", pid: 42, status: .stopped,
            stdio: StdioPaths(stdin: "/i", terminal: true), exit: Self.exited)
        let state = StateResponse(snapshot)
        #expect(state == StateResponse(
            id: "c1", bundle: "/b", pid: 42, status: .stopped, stdin: "/i", terminal: true, exitStatus: 137,
            exitedAt: Self.exited.exitedAt, execID: "e1"))
        let running = ProcessSnapshot(
            containerID: "c1", execID: "", bundle: "/b", pid: 42, status: .running, stdio: StdioPaths(), exit: nil)
        #expect(StateResponse(running).exitedAt == nil)

        #expect(DeleteResponse(pid: 42, status: Self.exited) == DeleteResponse(pid: 42, exitStatus: 137, exitedAt: Self.exited.exitedAt))

        // Same bytes as the protoc-encoded PidsResponse of WireGoldenTests.
        let pids = PidsResponse(processes: [ProcessInfo(pid: 1, execID: nil), ProcessInfo(pid: 7, execID: "e1")])
        #expect(
            Hex.string(pids.packed())
                == "0a0208010a2d080712290a21636f6e7461696e6572642e72756e632e76312e50726f6365737344657461696c7312040a026531")
    }
}
