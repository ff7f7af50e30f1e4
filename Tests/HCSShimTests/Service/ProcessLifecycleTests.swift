import Testing
@testable import HCSShim

@Suite struct ProcessLifecycleTests {
    /// The error a transition throws, or nil if it was accepted.
    func refusal(_ transition: () throws(ShimError) -> Void) -> ShimError? {
        do { try transition(); return nil } catch { return error }
    }

    @Test func happyPathThroughEveryState() throws {
        var life = ProcessLifecycle(name: "c1", pid: 10)
        #expect(life.status == .created)
        try life.beginStart()
        #expect(life.status == .created && life.isAlive)
        life.started(pid: 10)
        try life.beginPause()
        #expect(life.status == .pausing)
        life.paused()
        try life.beginResume()
        life.resumed()
        #expect(life.status == .running)
        let first = life.exited(.exited(3))
        let duplicate = life.exited(.exited(4))  // a duplicate report changes nothing
        #expect(first && !duplicate)
        #expect(life.exit?.code == 3)
        try life.beginDelete()
        #expect(life.status == .stopped)
        life.deleted()
        #expect(life.status == .unknown && life.pid == 0)
    }

    @Test func refusalsCarryContainerdCodes() throws {
        var life = ProcessLifecycle(name: "c1")
        let refused1 = refusal { () throws(ShimError) in try life.beginPause() }
        #expect(refused1 == ShimError.failedPrecondition("process c1: it is not running"))
        try life.beginStart()
        let refused2 = refusal { () throws(ShimError) in try life.beginStart() }
        #expect(refused2 == ShimError.failedPrecondition("process c1: it is already starting"))
        life.started(pid: 5)
        let refused3 = refusal { () throws(ShimError) in try life.beginDelete() }
        #expect(refused3 == ShimError.failedPrecondition("process c1: cannot delete a running process"))
        life.exited(.signaled(9))
        #expect(life.exit?.code == 137)
        let refused4 = refusal { () throws(ShimError) in try life.beginStart() }
        #expect(refused4 == ShimError.failedPrecondition("process c1: cannot start a stopped process"))
        try life.beginDelete()
        life.deleted()
        let refused5 = refusal { () throws(ShimError) in try life.beginStart() }
        #expect(refused5 == ShimError.notFound("process c1 does not exist"))
    }

    @Test func failuresRollBack() throws {
        var life = ProcessLifecycle(name: "c1", pid: 7)
        try life.beginStart()
        life.startFailed()
        #expect(life.state == .created(pid: 7))
        try life.beginDelete()
        life.deleteFailed()
        #expect(life.state == .created(pid: 7))
        try life.beginStart()
        life.started(pid: 7)
        try life.beginPause()
        life.pauseFailed()
        #expect(life.state == .running(pid: 7))
    }
}

@Suite struct IdentifierTests {
    @Test(arguments: ["a", "c1", "my-container_1.v2", String(repeating: "x", count: 76)])
    func accepts(_ id: String) throws { try Identifier.validate(id, "id") }

    @Test(arguments: ["", "..", "../x", "a/b", "-a", "a-", "a..b", "a b", String(repeating: "x", count: 77), "é"])
    func rejects(_ id: String) {
        #expect { try Identifier.validate(id, "id") } throws: { ($0 as? ShimError)?.code == .invalidArgument }
    }
}
