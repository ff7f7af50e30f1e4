import Testing
@testable import HCSShim

/// Task `Kill` through the compute protocol: the seed's terminate/shutdown sequences and the
/// Ctrl events of hosts with `HcsSignalProcess`.
@Suite("HCS backend kill")
struct HCSKillTests {
    @Test func sigkillTerminatesTheComputeSystem() async throws {
        let harness = try await HCSHarness()
        _ = try await harness.startInit()
        try await harness.container.initProcess.signal(9)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 4) == [
            .terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
            // The init's exit then tries the usual shutdown, which finds the system stopped.
            .shutdownComputeSystem(HCSHarness.system, timeout: HCSHarness.fiveMinutes),
        ])
        await #expect(throws: ShimError.self) { try await harness.container.initProcess.signal(9) }
    }

    @Test func sigkillIgnoresAPendingTerminate() async throws {
        let harness = try await HCSHarness()
        _ = try await harness.startInit()
        harness.api.fail(with: .operationPendingLegacy) { if case .terminateComputeSystem = $0 { true } else { false } }
        try await harness.container.initProcess.signal(9)
        #expect(harness.calls(after: 4) == [.terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite)])
    }

    @Test func sigtermWithoutSignalSupportTerminatesTheProcessAndShutsDown() async throws {
        let harness = try await HCSHarness()
        let process = try await harness.startInit()
        // The seed ignored a failing process terminate.
        harness.api.fail(with: .accessDenied) { if case .terminateProcess = $0 { true } else { false } }
        try await harness.container.initProcess.signal(15)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 4) == [
            .terminateProcess(process),
            .shutdownComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
            .shutdownComputeSystem(HCSHarness.system, timeout: HCSHarness.fiveMinutes),
        ])
    }

    @Test func sigtermWithSignalSupportSendsCtrlShutdown() async throws {
        let harness = try await HCSHarness(hostBuild: 17763)
        let process = try await harness.startInit()
        try await harness.container.initProcess.signal(15)
        await #expect(throws: ShimError.self) { try await harness.container.initProcess.signal(12) }
        #expect(harness.calls(after: 4) == [.signalProcess(process, options: #"{"Signal":"CtrlShutdown"}"#)])
        #expect(harness.api.systemState(HCSHarness.system) == .running)
    }

    @Test func execKillTerminatesOnlyThatProcess() async throws {
        let harness = try await HCSHarness()
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
        let harness = try await HCSHarness()
        try await harness.container.initProcess.signal(15)
        #expect(await harness.container.initProcess.wait().code == 1)
        #expect(harness.calls(after: 2) == [.terminateComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite)])
    }

    @Test func signalAllSignalsExecsThenInit() async throws {
        let harness = try await HCSHarness()
        let initHandle = try await harness.startInit()
        let exec = try await harness.container.exec(ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: Array(#"{"args":["x"]}"#.utf8)))
        _ = try await exec.start()
        let execHandle = try #require(harness.api.processHandles.last)
        try await harness.container.signalAll(15)
        #expect(harness.calls(after: 5).prefix(3) == [
            .terminateProcess(execHandle), .terminateProcess(initHandle),
            .shutdownComputeSystem(HCSHarness.system, timeout: HCSTimeout.infinite),
        ])
    }
}
