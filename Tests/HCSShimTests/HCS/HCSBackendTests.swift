import Testing
@testable import HCSShim

/// The seed's sequences of HCS calls, driven through the compute protocol against the fake.
@Suite("HCS backend orchestration")
struct HCSBackendTests {
    typealias Call = RecordingHCSAPI.Call

    @Test func createResolvesLayerIDsAndCreatesTheSystemWithoutStartingIt() async throws {
        let harness = try await HCSHarness()
        let document = try HCSContainerConfig(
            spec: OCISpec.decode(Array(HCSHarness.spec.utf8)), id: "c1", owner: "test"
        ) { (_) throws(ShimError) in "bd9c3ef9-f239-59b5-a27e-15c523b1d149" }.json.text
        #expect(harness.api.calls == [.nameToGUID("4"), .createComputeSystem(id: "c1", configuration: document)])
        #expect(document.contains(#""Layers":[{"ID":"bd9c3ef9-f239-59b5-a27e-15c523b1d149","Path":"C:\\l\\4"}]"#))
        #expect(harness.api.systemState(HCSHarness.system) == .created)
        #expect(harness.container.initProcess.pid == 0)
        #expect(harness.container.killAllOnInitExit == false)
    }

    @Test func startStartsTheSystemThenCreatesTheInitProcess() async throws {
        let harness = try await HCSHarness()
        let pid = try await harness.container.initProcess.start()
        #expect(pid == 1004)
        #expect(harness.container.initProcess.pid == 1004)
        #expect(harness.calls(after: 2) == [
            .startComputeSystem(HCSHarness.system),
            .createProcess(HCSHarness.system, parameters: HCSHarness.initParameters, stdio: HCSHarness.stdio),
        ])
        await #expect(throws: ShimError.self) { _ = try await harness.container.initProcess.start() }
    }

    @Test func initExitShutsTheSystemDownBeforeWaitReturns() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        harness.api.exit(process: process, code: 3)
        let status = await harness.container.initProcess.wait()
        #expect(status.code == 3)
        #expect(harness.calls(after: 4) == [.shutdownComputeSystem(HCSHarness.system, timeout: HCSHarness.fiveMinutes)])
        #expect(harness.api.systemState(HCSHarness.system) == .stopped)
    }

    @Test func aFailedShutdownAfterInitExitFallsBackToTerminate() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        harness.api.fail(with: HRESULT(0x8000_4005)) { if case .shutdownComputeSystem = $0 { true } else { false } }
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        #expect(harness.calls(after: 4) == [
            .shutdownComputeSystem(HCSHarness.system, timeout: HCSHarness.fiveMinutes),
            .terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
        ])
    }

    @Test func shutdownInProgressIsNotFollowedByTerminate() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        harness.api.fail(with: HRESULT(0x8007_045B)) { if case .shutdownComputeSystem = $0 { true } else { false } }
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        #expect(harness.calls(after: 4) == [.shutdownComputeSystem(HCSHarness.system, timeout: HCSHarness.fiveMinutes)])
    }

    @Test func aFailedInitCreateTerminatesTheStartedSystem() async throws {
        let harness = try await HCSHarness()
        harness.api.fail(with: HRESULT(0x8007_0002)) { if case .createProcess = $0 { true } else { false } }
        await #expect(throws: ShimError(.unknown, "HcsCreateProcess: 0x00000002")) {
            _ = try await harness.container.initProcess.start()
        }
        #expect(harness.calls(after: 2) == [
            .startComputeSystem(HCSHarness.system),
            .createProcess(HCSHarness.system, parameters: HCSHarness.initParameters, stdio: HCSHarness.stdio),
            .terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
        ])
        #expect(await harness.container.initProcess.wait().code == 1)
    }

    @Test func execFallsBackToTheInitWorkingDirectoryAndShowsInPidsAndSummary() async throws {
        let harness = try await HCSHarness()
        let initProcess = try await harness.startInit()
        let execStdio = StdioPaths(stdin: #"\\.\pipe\in"#, terminal: false)
        let exec = try await harness.container.exec(
            ExecSpec(execID: "e1", stdio: execStdio, processJSON: Array(#"{"args":["ping","-n","1","a b"]}"#.utf8)))
        #expect(exec.pid == 0)
        let pid = try await exec.start()
        #expect(harness.calls(after: 4) == [
            .createProcess(HCSHarness.system, parameters: #"{"CommandLine":"ping -n 1 \"a b\"","WorkingDirectory":"C:\\w","#
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
        #expect(harness.api.systemState(HCSHarness.system) == .running)
        #expect(initProcess != execHandle)
    }

    @Test func resizeAndCloseStdinModifyTheProcess() async throws {
        let harness = try await HCSHarness(spec: HCSHarness.terminalSpec)
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        let process = try await harness.startInit()
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        try await harness.container.initProcess.closeStdin()
        #expect(harness.calls(after: 4) == [
            .modifyProcess(process, request: #"{"Operation":"ConsoleSize","ConsoleSize":{"Height":40,"Width":120}}"#),
            .modifyProcess(process, request: #"{"Operation":"CloseHandle","CloseHandle":{"Handle":"StdIn"}}"#),
        ])
        #expect(harness.calls(after: 2).first == .startComputeSystem(HCSHarness.system))
    }

    @Test func resizeWithoutAConsoleIsANoOp() async throws {
        let harness = try await HCSHarness()
        _ = try await harness.startInit()
        try await harness.container.initProcess.resize(ConsoleSize(width: 120, height: 40))
        #expect(harness.api.calls.count == 4)
    }

    @Test(.timeLimit(.minutes(1)))
    func anExecWhoseExitIsNeverNotifiedIsReportedAfterTheSystemStops() async throws {
        let api = RecordingHCSAPI(notifiesExitsOnStop: false)
        let container = try await HCSBackend(api: api, orphanGrace: .milliseconds(20)).create(
            ContainerSpec(id: "c1", bundle: "/b/c1", namespace: "default"), oci: OCISpec.decode(Array(HCSHarness.spec.utf8)))
        _ = try await container.initProcess.start()
        let initHandle = try #require(api.processHandles.last)
        let exec = try await container.exec(ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: Array(#"{"args":["x"]}"#.utf8)))
        _ = try await exec.start()
        api.exit(process: initHandle, code: 0)
        #expect(await container.initProcess.wait().code == 0)
        #expect(await exec.wait().code == HCSProcess.unknownExitCode)
    }

    @Test func anExecThatExitsNormallyKeepsItsCodeWhenTheSystemStopsLater() async throws {
        let api = RecordingHCSAPI(notifiesExitsOnStop: false)
        let container = try await HCSBackend(api: api, orphanGrace: .milliseconds(1)).create(
            ContainerSpec(id: "c1", bundle: "/b/c1", namespace: "default"), oci: OCISpec.decode(Array(HCSHarness.spec.utf8)))
        _ = try await container.initProcess.start()
        let initHandle = try #require(api.processHandles.last)
        let exec = try await container.exec(ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: Array(#"{"args":["x"]}"#.utf8)))
        _ = try await exec.start()
        let execHandle = try #require(api.processHandles.last)
        api.exit(process: execHandle, code: 4)
        #expect(await exec.wait().code == 4)
        api.exit(process: initHandle, code: 0)
        _ = await container.initProcess.wait()
        try await Task.sleep(for: .milliseconds(20))
        #expect(await exec.wait().code == 4)
    }

    @Test func deleteTerminatesARunningSystemAndClosesHandlesOnce() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        try await harness.container.delete()
        try await harness.container.delete()
        #expect(harness.calls(after: 4) == [
            .terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
            .closeProcess(process),
            .closeComputeSystem(HCSHarness.system),
        ])
    }

    @Test func deleteAfterInitExitOnlyClosesHandles() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        harness.api.exit(process: process, code: 0)
        _ = await harness.container.initProcess.wait()
        try await harness.container.initProcess.delete()
        try await harness.container.delete()
        #expect(harness.calls(after: 5) == [.closeProcess(process), .closeComputeSystem(HCSHarness.system)])
    }

    @Test func restoreReportsTheSeedsExitCodeWithoutCallingHCS() {
        let api = RecordingHCSAPI()
        let status = HCSBackend(api: api).restore(id: "c1")
        #expect(status.code == 2_147_483_648)
        #expect(api.calls.isEmpty)
    }

    @Test func cleanupTerminatesAnExistingSystemAndIgnoresAMissingOne() async throws {
        let harness = try await HCSHarness()
        try await harness.backend.cleanup(id: "c1", bundle: "/b/c1", namespace: "default")
        try await harness.backend.cleanup(id: "gone", bundle: "/b/gone", namespace: "default")
        #expect(harness.calls(after: 2) == [
            .openComputeSystem(id: "c1"), .terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
            .closeComputeSystem(HCSHarness.system), .openComputeSystem(id: "gone"),
        ])
    }

    @Test func pauseResumeCheckpointAreUnimplementedAndUpdateIsAccepted() async throws {
        let harness = try await HCSHarness()
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
        let spec = try OCISpec.decode(Array(HCSHarness.spec.utf8))
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
