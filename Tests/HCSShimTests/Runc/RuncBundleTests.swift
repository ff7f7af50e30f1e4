import Testing
@testable import HCSShim

@Suite struct RuncBundleTests {
    func config(_ json: String) throws -> OCISpec {
        let base = try Files.makeTemporaryDirectory(prefix: "hcsshim-bundle-")
        defer { Files.remove(base + "/config.json"); Files.removeDirectory(base) }
        try Files.writeAtomically(base + "/config.json", Array(json.utf8))
        return try RuncBundle(path: base).readConfig()
    }

    @Test(arguments: [
        (#"{"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}"#, false),
        (#"{"linux":{"namespaces":[{"type":"pid","path":""}]}}"#, false),
        (#"{"linux":{"namespaces":[{"type":"pid","path":"/proc/1/ns/pid"}]}}"#, true),
        (#"{"linux":{"namespaces":[{"type":"mount"}]}}"#, true),
        (#"{"ociVersion":"1.0.2"}"#, true),
    ])
    func killAllOnInitExitUnlessOwnPidNamespace(json: String, killAll: Bool) throws {
        #expect(try config(json).killAllOnInitExit == killAll)
    }

    @Test func annotationsAreRead() throws {
        let decoded = try config(#"{"annotations":{"io.containerd.runc.v2.group":"pod1"},"process":{"args":["sh"]}}"#)
        #expect(decoded.annotations?["io.containerd.runc.v2.group"] == "pod1")
    }

    @Test func malformedConfigIsInvalidArgument() {
        do {
            _ = try config("{not json")
            Issue.record("malformed config.json was accepted")
        } catch {
            #expect((error as? ShimError)?.code == .invalidArgument)
        }
    }

    @Test func optionsRoundTripWithRuncV2FieldNames() throws {
        let base = try Files.makeTemporaryDirectory(prefix: "hcsshim-bundle-")
        defer { Files.remove(base + "/options.json"); Files.removeDirectory(base) }
        let bundle = RuncBundle(path: base)
        let options = RuncBundle.RecordedOptions(binaryName: "crun", root: "/run/x/ns", systemdCgroup: true, criuPath: "")
        try bundle.writeOptions(options)
        #expect(bundle.readOptions() == options)
        let text = try Files.readText(bundle.optionsPath)
        #expect(text.contains("\"binary_name\":\"crun\""))
        #expect(text.contains("\"systemd_cgroup\":true"))
    }
}
