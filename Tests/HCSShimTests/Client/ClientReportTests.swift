import FoundationEssentials
import Testing
@testable import HCSShim

/// What hcsshimctl prints: tables, JSON, event lines, exec process specs, stats decoding.
@Suite struct ClientReportTests {
    @Test func tablePadsColumnsButNotTheLast() {
        let table = TextTable(header: ["PID", "EXEC"], rows: [["4242", "-"], ["7", "sh1"]])
        #expect(table.text == "PID     EXEC\n4242    -\n7       sh1\n")
    }

    @Test func stateJSONUsesProtobufNamesAndStatusWords() throws {
        let state = StateResponse(
            id: "c1", bundle: "/b", pid: 7, status: .stopped, exitStatus: 3,
            exitedAt: Timestamp(seconds: 0, nanos: 5), execID: "e1")
        let text = TextTable.json(ShimReport.state(state), compact: true)
        #expect(text.contains(#""status":"STOPPED""#) && text.contains(#""execId":"e1""#))
        #expect(text.contains(#""exitedAt":"1970-01-01T00:00:00.000000005Z""#) && text.contains(#""exitStatus":3"#))
        #expect(ShimReport.stateTable(state).rows == [["c1", "e1", "7", "STOPPED", "3", "/b"]])
    }

    @Test func eventRecordPrintsAsLineAndJSON() throws {
        let exit = ShimEvent.exit(containerID: "c1", id: "e1", pid: 9, status: ExitStatus(code: 137, exitedAt: Timestamp(seconds: 60, nanos: 0)))
        let record = EventRecord(sequence: 4, timestamp: Timestamp(seconds: 61, nanos: 0), namespace: "default", topic: exit.topic, event: exit.payload)
        #expect(record.line == #"4 1970-01-01T00:01:01.000000000Z /tasks/exit containerId=c1 id=e1 pid=9 exitStatus=137 exitedAt="1970-01-01T00:01:00.000000000Z""#)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(TextTable.json(record.json).utf8))
        guard case .object(let object) = decoded, case .object(let event)? = object["event"] else {
            Issue.record("not an object: \(decoded)"); return
        }
        #expect(object["sequence"] == .integer(4) && object["topic"] == .string("/tasks/exit"))
        #expect(event["@type"] == .string("containerd.events.TaskExit") && event["exitStatus"] == .integer(137))

        let unknown = EventRecord(sequence: 5, topic: "/x", event: TypedPayload(typeURL: "example.Other", value: []))
        #expect(unknown.line == "5 - /x type=example.Other")
    }

    @Test func execSpecTakesTheBundlesProcessWithNewArgs() throws {
        let bundle = try Files.makeTemporaryDirectory(prefix: "client-exec-")
        defer { Files.removeDirectory(bundle) }
        try Files.writeAtomically(bundle + "/config.json", Array(#"""
            {"ociVersion":"1.0.2","process":{"terminal":true,"consoleSize":{"height":1,"width":2},"user":{"uid":5,"gid":6},"args":["sleep","9"],"env":["PATH=/bin","A=b"],"cwd":"/w"},"root":{"path":"rootfs"}}
            """#.utf8))
        let bytes = try ExecProcessSpec.fromBundle(bundle, args: ["sh", "-c", "echo hi"])
        let process = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        guard case .object(let object) = process else { Issue.record("not an object"); return }
        #expect(object["args"] == .array([.string("sh"), .string("-c"), .string("echo hi")]))
        #expect(object["env"] == .array([.string("PATH=/bin"), .string("A=b")]) && object["cwd"] == .string("/w"))
        #expect(object["terminal"] == .bool(false) && object["consoleSize"] == nil)
        #expect(object["user"] == .object(["uid": .integer(5), "gid": .integer(6)]))

        #expect(throws: ShimError.self) { try ExecProcessSpec.fromBundle(bundle, args: []) }
        #expect(throws: ShimError.self) { try ExecProcessSpec.fromJSON(Array(#"{"args":[]}"#.utf8)) }
        #expect(try ExecProcessSpec.fromJSON(Array(#"{"args":["ls"]}"#.utf8)) == Array(#"{"args":["ls"]}"#.utf8))
    }

    @Test func statsReadsV1AndV2Alike() throws {
        var v2 = CgroupsV2.Metrics()
        v2.cpu = CgroupsV2.CPUStat()
        v2.cpu?.usageUsec = 1500
        v2.memory = CgroupsV2.MemoryStat()
        v2.memory?.usage = 4096
        v2.pids = CgroupsV1.PidsStat()
        v2.pids?.current = 3
        let stats2 = try ShimStats(TypedPayload(v2))
        #expect(stats2.cpuNanos == 1_500_000 && stats2.memoryUsageBytes == 4096 && stats2.pidsCurrent == 3)

        var v1 = CgroupsV1.Metrics()
        v1.cpu = CgroupsV1.CPUStat()
        v1.cpu?.usage = CgroupsV1.CPUUsage()
        v1.cpu?.usage?.total = 77
        let stats1 = try ShimStats(TypedPayload(v1))
        #expect(stats1.cpuNanos == 77 && stats1.typeURL == "io.containerd.cgroups.v1.Metrics")
        #expect(throws: ShimError.self) { try ShimStats(TypedPayload(typeURL: "other.Type", value: [])) }
    }
}

extension ClientReportTests {
    @Test func indenterKeepsKeyOrderAndStrings() {
        let compact = #"{"b":1,"a":[true,null],"s":"x,{\"y\":[]}","e":{},"l":[]}"#
        #expect(JSONIndenter.indent(compact) == """
            {
              "b": 1,
              "a": [
                true,
                null
              ],
              "s": "x,{\\"y\\":[]}",
              "e": {},
              "l": []
            }
            """)
    }
}
