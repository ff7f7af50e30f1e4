import Testing
@testable import HCSShim

/// Task events, the forwarding envelope and the shim's own event stream, against
/// `protoc --encode` bytes.
@Suite struct WireEventMessagesTests {
    static let oomEnvelopeHex =
        "0a0408051006120764656661756c741a0a2f7461736b732f6f6f6d22210a19636f6e7461696e6572642e6576656e74732e5461"
        + "736b4f4f4d12040a026331"

    static let goldens: [GoldenCase] = [
        GoldenCase(
            TaskCreate(
                containerID: "c1", bundle: "/b", rootfs: [MountSpec(type: "bind", source: "/s", target: "/t", options: ["rbind"])],
                io: TaskIO(stdin: "/i", stdout: "/o", stderr: "/e", terminal: true), checkpoint: "/cp", pid: 300),
            "0a02633112022f621a150a0462696e6412022f731a022f7422057262696e64220e0a022f6912022f6f1a022f6520012a032f637030ac02"),
        GoldenCase(
            TaskExit(containerID: "c1", id: "c1", pid: 300, exitStatus: 137, exitedAt: Timestamp(seconds: 1_700_000_000, nanos: 1)),
            "0a0263311202633118ac022089012a080880e2cfaa061001"),
        GoldenCase(
            TaskDelete(containerID: "c1", pid: 300, exitStatus: 1, exitedAt: Timestamp(seconds: 2, nanos: 0), id: "e1"),
            "0a02633110ac021801220208022a026531"),
        GoldenCase(TaskExecStarted(containerID: "c1", execID: "e1", pid: 301), "0a0263311202653118ad02"),
        GoldenCase(TaskCheckpointed(containerID: "c1", checkpoint: "/cp"), "0a02633112032f6370"),
        GoldenCase(TaskExecAdded(containerID: "c1", execID: "e1"), "0a02633112026531"),
        GoldenCase(TaskOOM(containerID: "c1"), "0a026331"),
        GoldenCase(TaskPaused(containerID: "c1"), "0a026331"),
        GoldenCase(TaskResumed(containerID: "c1"), "0a026331"),
        GoldenCase(TaskStart(containerID: "c1", pid: 5), "0a0263311005"),
        GoldenCase(
            ForwardRequest(
                envelope: Envelope(TaskOOM(containerID: "c1"), namespace: "default", timestamp: Timestamp(seconds: 5, nanos: 6))),
            "0a3e" + oomEnvelopeHex),
        GoldenCase(
            SubscribeRequest(topics: ["/tasks/exit", "/tasks/oom"], containerIDs: ["c1"], resume: true, afterSequence: 41),
            "0a0b2f7461736b732f657869740a0a2f7461736b732f6f6f6d1202633118012029"),
        GoldenCase(
            EventRecord(
                sequence: 42, timestamp: Timestamp(seconds: 7, nanos: 0), namespace: "default", topic: "/tasks/start",
                event: TypedPayload(TaskStart(containerID: "c1", pid: 5)), historyTrimmed: true),
            "082a120208071a0764656661756c74220c2f7461736b732f73746172742a250a1b636f6e7461696e6572642e6576656e74732e"
                + "5461736b537461727412060a02633110053001"),
    ]

    @Test(arguments: goldens)
    func encodesLikeProtoc(_ golden: GoldenCase) throws {
        #expect(Hex.string(golden.message.packed()) == golden.hex)
        #expect(try golden.decodesToMessage(Hex.bytes(golden.hex)))
    }

    @Test func envelopeBytesAreContainerdTypesEnvelopeBytes() throws {
        // protoc encodes containerd.types.Envelope with the same text to the same bytes.
        let envelope = Envelope(TaskOOM(containerID: "c1"), namespace: "default", timestamp: Timestamp(seconds: 5, nanos: 6))
        #expect(Hex.string(envelope.packed()) == Self.oomEnvelopeHex)
        let event = try #require(envelope.event)
        #expect(event.typeURL == "containerd.events.TaskOOM")
        #expect(try event.unpacked(as: TaskOOM.self).containerID == "c1")
    }

    @Test func topicsAreContainerdsConstants() {
        let topics: [any TaskEvent.Type] = [
            TaskCreate.self, TaskStart.self, TaskDelete.self, TaskExit.self, TaskOOM.self, TaskExecAdded.self,
            TaskExecStarted.self, TaskPaused.self, TaskResumed.self, TaskCheckpointed.self,
        ]
        #expect(
            topics.map { $0.topic } == [
                "/tasks/create", "/tasks/start", "/tasks/delete", "/tasks/exit", "/tasks/oom", "/tasks/exec-added",
                "/tasks/exec-started", "/tasks/paused", "/tasks/resumed", "/tasks/checkpointed",
            ])
        #expect(TaskExit.protobufName == "containerd.events.TaskExit")
    }

    @Test func recordCopiesTheEnvelope() {
        let envelope = Envelope(TaskStart(containerID: "c1", pid: 5), namespace: "default", timestamp: Timestamp(seconds: 7, nanos: 0))
        let record = EventRecord(sequence: 3, envelope: envelope)
        #expect(record.topic == "/tasks/start" && record.namespace == "default" && record.event == envelope.event)
        #expect(record.timestamp == envelope.timestamp && record.sequence == 3 && !record.historyTrimmed)
    }

    @Test func subscriptionFilters() {
        let everything = SubscribeRequest()
        #expect(everything.matches(topic: "/tasks/exit", containerID: ""))
        let exits = SubscribeRequest(topics: ["/tasks/exit"], containerIDs: ["c1"])
        #expect(exits.matches(topic: "/tasks/exit", containerID: "c1"))
        #expect(!exits.matches(topic: "/tasks/start", containerID: "c1"))
        #expect(!exits.matches(topic: "/tasks/exit", containerID: "c2"))
    }
}
