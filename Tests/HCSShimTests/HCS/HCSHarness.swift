import Testing
@testable import HCSShim

/// A backend over `RecordingHCSAPI` with one created container `c1` (system handle 101), and
/// the documents the tests expect for it.
struct HCSHarness {
    typealias Call = RecordingHCSAPI.Call

    static let spec = #"""
        {"process":{"args":["cmd","/c","echo a b"],"cwd":"C:\\w","env":["A=b=c"]},
         "root":{"path":"\\\\?\\Volume{1}\\"},"hostname":"c1",
         "windows":{"layerFolders":["C:\\l\\4","C:\\s\\c1"]}}
        """#
    static let terminalSpec = #"""
        {"process":{"terminal":true,"consoleSize":{"height":25,"width":80},"args":["cmd"],"cwd":"C:\\"},
         "windows":{"layerFolders":["C:\\l\\4","C:\\s\\c1"]}}
        """#
    static let initParameters = #"{"CommandLine":"cmd /c \"echo a b\"","WorkingDirectory":"C:\\w","#
        + #""Environment":{"A":"b=c"},"CreateStdInPipe":true,"CreateStdOutPipe":true,"CreateStdErrPipe":true,"#
        + #""ConsoleSize":[0,0]}"#
    static let stdio = StdioPaths(stdout: #"\\.\pipe\out"#)
    static let system: UInt = 101
    static let fiveMinutes: UInt32 = 300_000

    let api: RecordingHCSAPI
    let backend: HCSBackend
    let container: HCSComputeSystem

    init(hostBuild: UInt32 = 14393, spec: String = HCSHarness.spec) async throws {
        api = RecordingHCSAPI(hostBuild: hostBuild)
        backend = HCSBackend(api: api, owner: "test")
        container = try await backend.create(
            ContainerSpec(id: "c1", bundle: "/b/c1", namespace: "default", stdio: HCSHarness.stdio),
            oci: OCISpec.decode(Array(spec.utf8)))
    }

    /// Starts the init and returns its process handle.
    func startInit() async throws -> UInt {
        _ = try await container.initProcess.start()
        return try #require(api.processHandles.last)
    }

    /// The calls after the first `count`.
    func calls(after count: Int) -> [Call] { Array(api.calls.dropFirst(count)) }
}
