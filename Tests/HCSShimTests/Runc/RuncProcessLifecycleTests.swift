import Testing
@testable import HCSShim

@Suite struct RuncProcessLifecycleTests {
    let exit7 = ExitStatus(code: 7, exitedAt: Timestamp(seconds: 1, nanos: 0))

    @Test func startRunExitDelete() throws {
        var lifecycle = RuncProcessLifecycle.created
        try lifecycle.checkSignal()
        try lifecycle.beginStart()
        #expect(lifecycle == .starting)
        lifecycle.startSucceeded()
        #expect(lifecycle == .running)
        let first = lifecycle.exit(exit7)
        let second = lifecycle.exit(.exited(1))  // the first exit stands
        #expect(first && !second)
        #expect(lifecycle.finalStatus == exit7)
        #expect(throws: ShimError.notFound("signal: process already finished")) { try lifecycle.checkSignal() }
        let deleted = lifecycle.delete(now: Timestamp(seconds: 2, nanos: 0))
        #expect(deleted == exit7)
        #expect(lifecycle == .deleted(exit7))
        let again = lifecycle.delete(now: Timestamp(seconds: 3, nanos: 0))
        #expect(again == nil)
    }

    @Test func failedStartReturnsToCreated() throws {
        var lifecycle = RuncProcessLifecycle.created
        try lifecycle.beginStart()
        #expect(throws: ShimError.self) { try lifecycle.beginStart() }
        lifecycle.startFailed()
        #expect(lifecycle == .created)
    }

    @Test func exitDuringStartIsKept() throws {
        var lifecycle = RuncProcessLifecycle.created
        try lifecycle.beginStart()
        let recorded = lifecycle.exit(exit7)
        #expect(recorded)
        lifecycle.startSucceeded()
        #expect(lifecycle == .exited(exit7))
        #expect(throws: ShimError.self) { try lifecycle.beginStart() }
    }

    @Test func deletingANeverStartedProcessReports255() {
        var lifecycle = RuncProcessLifecycle.created
        let now = Timestamp(seconds: 5, nanos: 0)
        let status = lifecycle.delete(now: now)
        #expect(status == ExitStatus(code: 255, exitedAt: now))
        #expect(throws: ShimError.notFound("start: process deleted")) { try lifecycle.beginStart() }
    }
}
