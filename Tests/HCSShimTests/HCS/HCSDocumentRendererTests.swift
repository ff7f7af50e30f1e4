import Foundation
import Testing
@testable import HCSShim

/// The documents the shim would send HCS for the example bundles in `Fixtures/`.
@Suite("HCS document renderer")
struct HCSDocumentRendererTests {
    static func bundle(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static let snapshots = #"C:\\ProgramData\\containerd\\root\\io.containerd.snapshotter.v1.windows\\snapshots\\"#

    @Test func processIsolatedBundle() throws {
        let documents = try HCSDocumentRenderer.render(bundle: Self.bundle("process-isolated"))
        #expect(documents.container.text == #"{"SystemType":"Container","Name":"process-isolated","#
            + #""Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
            + #""VolumePath":"\\\\?\\Volume{6a7c3b1e-1f2d-4c3b-9a8e-5d4c3b2a1f0e}\\","Devices":null,"#
            + #""IgnoreFlushesDuringBoot":true,"LayerFolderPath":"\#(Self.snapshots)29","Layers":["#
            + #"{"ID":"9e6302af-4082-5230-ac0e-efe1e3828954","Path":"\#(Self.snapshots)28"},"#
            + #"{"ID":"b312b1d4-d749-5cc3-97e7-e272c3e9edf7","Path":"\#(Self.snapshots)27"},"#
            + #"{"ID":"0366d7a7-bfaf-5a58-bfed-6eb916450ea5","Path":"\#(Self.snapshots)26"},"#
            + #"{"ID":"ccdd871c-d89e-5f7b-a641-ef72794a2f01","Path":"\#(Self.snapshots)25"}],"#
            + #""ProcessorWeight":1024,"ProcessorMaximum":5000,"MemoryMaximumInMB":1024,"HostName":"process-iso","#
            + #""MappedDirectories":[{"HostPath":"C:\\host\\data","ContainerPath":"C:\\data","ReadOnly":false},"#
            + #"{"HostPath":"C:\\host\\config","ContainerPath":"C:\\config","ReadOnly":true}],"#
            + #""SandboxPath":"","HvPartition":false,"EndpointList":["b3a7e3c2-4d1f-4e8a-9b6c-2f1e0d9c8b7a"],"#
            + #""HvRuntime":null,"Servicing":false}"#)
        #expect(documents.initProcess.json.text == #"{"CommandLine":"cmd /S /C \"echo hello \u0026 ping -n 3 127.0.0.1\"","#
            + #""User":"ContainerUser","WorkingDirectory":"C:\\","#
            + #""Environment":{"GREETING":"a=b","PATH":"C:\\Windows\\system32;C:\\Windows"},"#
            + #""CreateStdInPipe":true,"CreateStdOutPipe":true,"CreateStdErrPipe":true,"ConsoleSize":[0,0]}"#)
    }

    @Test func hyperVServicingBundleWithAnUnpublishedLayerName() throws {
        let documents = try HCSDocumentRenderer.render(bundle: Self.bundle("hyperv-servicing") + "/", id: "svc")
        #expect(documents.container.text == #"{"SystemType":"Container","Name":"svc","#
            + #""Owner":"containerd-shim-hcs-v1","IsDummy":false,"VolumePath":"","Devices":null,"#
            + #""IgnoreFlushesDuringBoot":false,"LayerFolderPath":"D:\\containers\\windowsfilter\\hyperv-servicing","#
            + #""Layers":[{"ID":"NameToGuid(layer-app)","Path":"D:\\images\\windowsfilter\\layer-app"},"#
            + #"{"ID":"bd9c3ef9-f239-59b5-a27e-15c523b1d149","Path":"D:\\images\\windowsfilter\\4"}],"#
            + #""StorageIOPSMaximum":500,"StorageBandwidthMaximum":10485760,"StorageSandboxSize":42949672960,"#
            + #""HostName":"servicing","MappedDirectories":[],"SandboxPath":"D:\\containers\\windowsfilter","#
            + #""HvPartition":true,"EndpointList":null,"#
            + #""HvRuntime":{"ImagePath":"D:\\images\\windowsfilter\\4\\UtilityVM"},"Servicing":true}"#)
        #expect(documents.initProcess.json.text == #"{"CommandLine":"\"C:\\Program Files\\Update\\update.exe\" /quiet \"\"","#
            + #""WorkingDirectory":"C:\\Program Files\\Update","EmulateConsole":true,"CreateStdInPipe":true,"#
            + #""CreateStdOutPipe":true,"ConsoleSize":[30,120]}"#)
        #expect(documents.json.text.hasPrefix(#"{"ComputeSystem":{"SystemType":"Container","Name":"svc""#))
        #expect(documents.json.text.contains(#"},"InitProcess":{"CommandLine":"#))
    }

    @Test func missingOrBrokenBundlesAreReported() throws {
        #expect(throws: ShimError.self) { try HCSDocumentRenderer.render(bundle: "/nonexistent/bundle") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hcs-render-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"process":{"args":["cmd"]}}"#.utf8).write(to: directory.appendingPathComponent("config.json"))
        #expect(throws: ShimError.invalidArgument("hcs document: the spec has no windows section")) {
            try HCSDocumentRenderer.render(bundle: directory.path)
        }
    }

    @Test func theBackendSendsTheRenderedDocuments() async throws {
        let api = RecordingHCSAPI()
        let bundle = Self.bundle("process-isolated")
        let container = try await HCSBackend(api: api).create(ContainerSpec(id: "process-isolated", bundle: bundle, namespace: "n"))
        _ = try await container.initProcess.start()
        let documents = try HCSDocumentRenderer.render(bundle: bundle)
        #expect(api.calls.contains(.createComputeSystem(id: "process-isolated", configuration: documents.container.text)))
        #expect(api.calls.contains(.createProcess(101, parameters: documents.initProcess.json.text, stdio: StdioPaths())))
    }

    /// An exec's parameters: no `cwd` falls back to the init's (the seed's `AddProcess`).
    @Test func anExecFallsBackToTheInitWorkingDirectory() throws {
        let exec = OCIProcess(args: ["cmd", "/c", "echo a b"], env: ["X=1"])
        let documents = try HCSDocumentRenderer.render(bundle: Self.bundle("hyperv-servicing"), exec: exec)
        #expect(documents.execProcess?.json.text == #"{"CommandLine":"cmd /c \"echo a b\"","#
            + #""WorkingDirectory":"C:\\Program Files\\Update","Environment":{"X":"1"},"#
            + #""CreateStdInPipe":true,"CreateStdOutPipe":true,"CreateStdErrPipe":true,"ConsoleSize":[0,0]}"#)
        #expect(documents.json.text.hasSuffix(#","ExecProcess":"# + (documents.execProcess?.json.text ?? "") + "}"))
        let own = OCIProcess(args: ["cmd"], cwd: #"D:\x"#)
        #expect(try HCSDocumentRenderer.render(bundle: Self.bundle("hyperv-servicing"), exec: own)
            .execProcess?.workingDirectory == #"D:\x"#)
        #expect(try HCSDocumentRenderer.render(bundle: Self.bundle("hyperv-servicing")).execProcess == nil)
    }
}
