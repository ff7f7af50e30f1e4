import Testing
@testable import HCSShim

/// The seed's sequences of HCS calls, driven through the compute protocol against the fake.
@Suite("HCS backend orchestration")
struct HCSBackendTests {
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

    struct Harness {
        let api: RecordingHCSAPI
        let backend: HCSBackend
        let container: HCSComputeSystem

        init(hostBuild: UInt32 = 14393, spec: String = HCSBackendTests.spec) async throws {
            api = RecordingHCSAPI(hostBuild: hostBuild)
            backend = HCSBackend(api: api, owner: "test")
            container = try await backend.create(
                ContainerSpec(id: "c1", bundle: "/b/c1", namespace: "default", stdio: HCSBackendTests.stdio),
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

    @Test func createResolvesLayerIDsAndCreatesTheSystemWithoutStartingIt() async throws {
        let harness = try await Harness()
        let document = try HCSContainerConfig(
            spec: OCISpec.decode(Array(Self.spec.utf8)), id: "c1", owner: "test"
        ) { (_) throws(ShimError) in "bd9c3ef9-f239-59b5-a27e-15c523b1d149" }.json.text
        #expect(harness.api.calls == [.nameToGUID("4"), .createComputeSystem(id: "c1", configuration: document)])
        #expect(document.contains(#""Layers":[{"ID":"bd9c3ef9-f239-59b5-a27e-15c523b1d149","Path":"C:\\l\\4"}]"#))
        #expect(harness.api.systemState(Self.system) == .created)
        #expect(harness.container.initProcess.pid == 0)
        #expect(harness.container.killAllOnInitExit == false)
    }

    @Test func startStartsTheSystemThenCreatesTheInitProcess() async throws {
        let harness = try await Harness()
        let pid = try await harness.container.initProcess.start()
        #expect(pid == 1004)
        #expect(harness.container.initProcess.pid == 1004)
        #expect(harness.calls(after: 2) == [
            .startComputeSystem(Self.system),
            .createProcess(Self.system, parameters: Self.initParameters, stdio: Self.stdio),
        ])
        await #expect(throws: ShimError.self) { _ = try await harness.container.initProcess.start() }
    }

    @Test func initExitShutsTheSystemDownBeforeWaitReturns() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        harness.api.exit(process: process, code: 3)
        let status = await harness.container.initProcess.wait()
        #expect(status.code == 3)
        #expect(harness.calls(after: 4) == [.shutdownComputeSystem(Self.system, timeout: Self.fiveMinutes)])
        #expect(harness.api.systemState(Self.system) == .stopped)
    }

    @Test func aFailedShutdownAfterInitExitFallsBackToTerminate() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        harness.api.fail(with: HRESULT(0x8000_4005)) { if case .shutdownComputeSystem = $0 { true } else { false } }
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        #expect(harness.calls(after: 4) == [
            .shutdownComputeSystem(Self.system, timeout: Self.fiveMinutes),
            .terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite),
        ])
    }

    @Test func shutdownInProgressIsNotFollowedByTerminate() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        harness.api.fail(with: HRESULT(0x8007_045B)) { if case .shutdownComputeSystem = $0 { true } else { false } }
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        #expect(harness.calls(after: 4) == [.shutdownComputeSystem(Self.system, timeout: Self.fiveMinutes)])
    }

    @Test func aFailedInitCreateTerminatesTheStartedSystem() async throws {
        let harness = try await Harness()
        harness.api.fail(with: HRESULT(0x8007_0002)) { if case .createProcess = $0 { true } else { false } }
        await #expect(throws: ShimError(.unknown, "HcsCreateProcess: 0x00000002")) {
            _ = try await harness.container.initProcess.start()
        }
        #expect(harness.calls(after: 2) == [
            .startComputeSystem(Self.system),
            .createProcess(Self.system, parameters: Self.initParameters, stdio: Self.stdio),
            .terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite),
        ])
        #expect(await harness.container.initProcess.wait().code == 1)
    }

    @Test func execFallsBackToTheInitWorkingDirectoryAndShowsInPidsAndSummary() async throws {
        let harness = try await Harness()
        let initProcess = try await harness.startInit()
        let execStdio = StdioPaths(stdin: #"\\.\pipe\in"#, terminal: false)
        let exec = try await harness.container.exec(
            ExecSpec(execID: "e1", stdio: execStdio, processJSON: Array(#"{"args":["ping","-n","1","a b"]}"#.utf8)))
        #expect(exec.pid == 0)
        let pid = try await exec.start()
        #expect(harness.calls(after: 4) == [
            .createProcess(Self.system, parameters: #"{"CommandLine":"ping -n 1 \"a b\"","WorkingDirectory":"C:\\w","#
                + #""CreateStdInPipe":true,"CreateStdOutPipe":true,"CreateStdErrPipe":true,"ConsoleSize":[0,0]}"#,
                stdio: execStdio),
        ])
        #expect(try await harness.container.pids() == [1004, pid])
        #expect(harness.container.summary() == [
            HCSProcessSummary(pid: 1004, command: "cmd"), HCSProcessSummary(pid: pid, command: #"ping -n 1 "a b""#),
        ])
        await #expect(throws: ShimError.self) {
            _ = try await harness.container.exec(ExecSpec(execID: "e1", stdio: execStdio, processJSON: Array(#"{"args":["x"]}"#.utf8)))
        }
        await #expect(throws: ShimError.self) {
            _ = try await harness.container.exec(ExecSpec(execID: "e2", stdio: execStdio, processJSON: Array("{".utf8)))
        }
        // An exec's exit ends only the exec.
        let execHandle = try #require(harness.api.processHandles.last)
        harness.api.exit(process: execHandle, code: 7)
        #expect(await exec.wait().code == 7)
        #expect(harness.api.systemState(Self.system) == .running)
        #expect(initProcess != execHandle)
    }

    @Test func sigkillTerminatesTheComputeSystem() async throws {
        let harness = try await Harness()
        _ = try await harness.startInit()
        try await harness.container.initProcess.signal(9)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 4) == [
            .terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite),
            // The init's exit then tries the usual shutdown, which finds the system stopped.
            .shutdownComputeSystem(Self.system, timeout: Self.fiveMinutes),
        ])
        await #expect(throws: ShimError.self) { try await harness.container.initProcess.signal(9) }
    }

    @Test func sigkillIgnoresAPendingTerminate() async throws {
        let harness = try await Harness()
        _ = try await harness.startInit()
        harness.api.fail(with: .operationPendingLegacy) { if case .terminateComputeSystem = $0 { true } else { false } }
        try await harness.container.initProcess.signal(9)
        #expect(harness.calls(after: 4) == [.terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite)])
    }

    @Test func sigtermWithoutSignalSupportTerminatesTheProcessAndShutsDown() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        // The seed ignored a failing process terminate.
        harness.api.fail(with: .accessDenied) { if case .terminateProcess = $0 { true } else { false } }
        try await harness.container.initProcess.signal(15)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 4) == [
            .terminateProcess(process),
            .shutdownComputeSystem(Self.system, timeout: HCSTimeout.infinite),
            .shutdownComputeSystem(Self.system, timeout: Self.fiveMinutes),
        ])
    }

    @Test func sigtermWithSignalSupportSendsCtrlShutdown() async throws {
        let harness = try await Harness(hostBuild: 17763)
        let process = try await harness.startInit()
        try await harness.container.initProcess.signal(15)
        await #expect(throws: ShimError.self) { try await harness.container.initProcess.signal(12) }
        #expect(harness.calls(after: 4) == [.signalProcess(process, options: #"{"Signal":"CtrlShutdown"}"#)])
        #expect(harness.api.systemState(Self.system) == .running)
    }

    @Test func execKillTerminatesOnlyThatProcess() async throws {
        let harness = try await Harness()
        _ = try await harness.startInit()
        let exec = try await harness.container.exec(ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: Array(#"{"args":["x"]}"#.utf8)))
        _ = try await exec.start()
        let execHandle = try #require(harness.api.processHandles.last)
        try await exec.signal(9)
        await #expect(throws: ShimError.self) { try await exec.signal(2) }
        harness.api.fail(with: .processAlreadyStopped) { if case .terminateProcess = $0 { true } else { false } }
        do {
            try await exec.signal(15)
            Issue.record("a kill of a stopped process must fail")
        } catch let error as ShimError {
            #expect(error.code == .notFound)
        }
        #expect(harness.calls(after: 5) == [.terminateProcess(execHandle), .terminateProcess(execHandle)])
        harness.api.exit(process: execHandle, code: 1)
        _ = await exec.wait()
        do {
            try await exec.signal(9)
            Issue.record("a kill after exit must fail")
        } catch let error as ShimError {
            #expect(error.code == .notFound)
        }
    }

    @Test func killBeforeStartEndsTheInitAndTheSystem() async throws {
        let harness = try await Harness()
        try await harness.container.initProcess.signal(15)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 2) == [.terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite)])
    }

    @Test func signalAllSignalsExecsThenInit() async throws {
        let harness = try await Harness()
        let initHandle = try await harness.startInit()
        let exec = try await harness.container.exec(ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: Array(#"{"args":["x"]}"#.utf8)))
        _ = try await exec.start()
        let execHandle = try #require(harness.api.processHandles.last)
        try await harness.container.signalAll(15)
        #expect(harness.calls(after: 5).prefix(3) == [
            .terminateProcess(execHandle), .terminateProcess(initHandle),
            .shutdownComputeSystem(Self.system, timeout: HCSTimeout.infinite),
        ])
    }

    @Test func resizeAndCloseStdinModifyTheProcess() async throws {
        let harness = try await Harness(spec: Self.terminalSpec)
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        let process = try await harness.startInit()
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        try await harness.container.initProcess.closeStdin()
        #expect(harness.calls(after: 4) == [
            .modifyProcess(process, request: #"{"Operation":"ConsoleSize","ConsoleSize":{"Height":40,"Width":120}}"#),
            .modifyProcess(process, request: #"{"Operation":"CloseHandle","CloseHandle":{"Handle":"StdIn"}}"#),
        ])
        #expect(harness.calls(after: 2).first == .startComputeSystem(Self.system))
    }

    @Test func resizeWithoutAConsoleIsANoOp() async throws {
        let harness = try await Harness()
        _ = try await harness.startInit()
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        #expect(harness.api.calls.count == 4)
    }

    @Test func deleteTerminatesARunningSystemAndClosesHandlesOnce() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        try await harness.container.delete()
        try await harness.container.delete()
        #expect(harness.calls(after: 4) == [
            .terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite),
            .closeProcess(process),
            .closeComputeSystem(Self.system),
        ])
    }

    @Test func deleteAfterInitExitOnlyClosesHandles() async throws {
        let harness = try await Harness()
        let process = try await harness.startInit()
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        try await harness.container.initProcess.delete()
        try await harness.container.delete()
        #expect(harness.calls(after: 5) == [.closeProcess(process), .closeComputeSystem(Self.system)])
    }

    @Test func restoreReportsTheSeedsExitCodeWithoutCallingHCS() {
        let api = RecordingHCSAPI()
        let status = HCSBackend(api: api).restore(id: "c1")
        #expect(status.code == 2_147_483_648)
        #expect(api.calls.isEmpty)
    }

    @Test func cleanupTerminatesAnExistingSystemAndIgnoresAMissingOne() async throws {
        let harness = try await Harness()
        try await harness.backend.cleanup(id: "c1", bundle: "/b/c1", namespace: "default")
        try await harness.backend.cleanup(id: "gone", bundle: "/b/gone", namespace: "default")
        #expect(harness.calls(after: 2) == [
            .openComputeSystem(id: "c1"), .terminateComputeSystem(Self.system, timeout: HCSTimeout.infinite),
            .closeComputeSystem(Self.system), .openComputeSystem(id: "gone"),
        ])
    }

    @Test func pauseResumeCheckpointAreUnimplementedAndUpdateIsAccepted() async throws {
        let harness = try await Harness()
        await #expect(throws: ShimError.unimplemented("pause c1: Windows containers cannot be paused")) {
            try await harness.container.pause()
        }
        await #expect(throws: ShimError.unimplemented("resume c1: Windows containers cannot be paused")) {
            try await harness.container.resume()
        }
        do {
            try await harness.container.checkpoint(CheckpointSpec(path: "/x"))
            Issue.record("checkpoint must be unimplemented")
        } catch let error as ShimError {
            #expect(error.code == .unimplemented)
        }
        try await harness.container.update(resources: Array("{}".utf8), annotations: [:])
        #expect(harness.api.calls.count == 2)
    }

    @Test func createFailuresAreClassified() async throws {
        let api = RecordingHCSAPI()
        let backend = HCSBackend(api: api)
        let spec = try OCISpec.decode(Array(Self.spec.utf8))
        api.fail(with: .invalidJSONLegacy) { if case .createComputeSystem = $0 { true } else { false } }
        do {
            _ = try await backend.create(ContainerSpec(id: "c1", bundle: "/b", namespace: "n"), oci: spec)
            Issue.record("create must fail")
        } catch let error as ShimError {
            #expect(error.code == .unimplemented)
        }
        await #expect(throws: ShimError.self) {
            _ = try await backend.create(ContainerSpec(id: "c1", bundle: "/nonexistent/bundle", namespace: "n"))
        }
    }
}
