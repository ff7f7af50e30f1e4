import Testing
@testable import HCSShim

@Suite("HCS process lifecycle")
struct HCSProcessLifecycleTests {
    static let time = Timestamp(seconds: 1, nanos: 0)

    @Test func startRunExit() throws {
        var lifecycle = HCSProcessLifecycle.created
        try lifecycle.beginStart(id: "p")
        #expect(lifecycle == .starting)
        lifecycle.started(pid: 8)
        #expect(lifecycle == .running(pid: 8))
        let first = lifecycle.exited(.exited(3, at: Self.time))
        let second = lifecycle.exited(.exited(4, at: Self.time))
        #expect(first)
        #expect(!second, "the first exit wins")
        #expect(lifecycle.exitStatus?.code == 3)
    }

    @Test func startTwiceOrAfterExitIsAPreconditionFailure() throws {
        var lifecycle = HCSProcessLifecycle.created
        try lifecycle.beginStart(id: "p")
        #expect(throws: ShimError.failedPrecondition("start p: the process is already started")) {
            try lifecycle.beginStart(id: "p")
        }
        lifecycle.startFailed(at: Self.time)
        #expect(lifecycle.exitStatus == .exited(1, at: Self.time))
        #expect(throws: ShimError.failedPrecondition("start p: the process has exited")) {
            try lifecycle.beginStart(id: "p")
        }
    }

    @Test func lateStartedOrStartFailedAfterExitChangeNothing() {
        var lifecycle = HCSProcessLifecycle.exited(.exited(0, at: Self.time))
        lifecycle.started(pid: 1)
        lifecycle.startFailed(at: Self.time)
        #expect(lifecycle == .exited(.exited(0, at: Self.time)))
    }
}
