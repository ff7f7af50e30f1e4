import Synchronization
import Testing
@testable import HCSShim

@Suite struct TaskServiceTests {
    let backend: FakeComputeBackend
    let events = RecordingPublisher()
    let shutdowns = CallCounter()
    let service: TaskService

    init() {
        backend = FakeComputeBackend()
        let shutdowns = self.shutdowns
        service = TaskService(backend: backend, publisher: events, shimPID: 42, onShutdown: { shutdowns.increment() })
    }

    func spec(_ id: String = "c1") -> ContainerSpec {
        ContainerSpec(id: id, bundle: "/run/b/\(id)", namespace: "ns")
    }

    @Test func runToCompletionPublishesCreateStartExitDeleteInOrder() async throws {
        #expect(try await service.create(spec()) == 100)
        #expect(try await service.start(id: "c1", execID: "") == 100)
        #expect(try await service.state(id: "c1", execID: "").status == .running)
        backend.system("c1")?.initFake.exit(7)
        let status = try await service.wait(id: "c1", execID: "")
        #expect(status.code == 7)
        let state = try await service.state(id: "c1", execID: "")
        #expect(state.status == .stopped && state.exit?.code == 7)
        let deleted = try await service.delete(id: "c1", execID: "")
        #expect(deleted.pid == 100 && deleted.status.code == 7)
        #expect(events.topics == ["/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"])
        if case .exit(_, let id, let pid, _) = events.recorded[2] {
            #expect(id == "c1" && pid == 100)  // the init's TaskExit carries the container id
        } else { Issue.record("third event is not an exit") }
        await #expect(throws: ShimError.notFound("container c1 not created")) {
            try await service.state(id: "c1", execID: "")
        }
    }

    @Test func duplicateCreateIsAlreadyExistsAndBadIDIsInvalid() async throws {
        _ = try await service.create(spec())
        await #expect { try await service.create(spec()) } throws: { ($0 as? ShimError)?.code == .alreadyExists }
        await #expect { try await service.create(spec("../etc")) } throws: { ($0 as? ShimError)?.code == .invalidArgument }
    }

    @Test func failedCreateLeavesNoRecord() async throws {
        backend.failCreate.withLock { $0 = ShimError.notFound("runtime binary missing") }
        await #expect(throws: ShimError.notFound("runtime binary missing")) { try await service.create(spec()) }
        backend.failCreate.withLock { $0 = nil }
        #expect(try await service.create(spec()) == 100)
    }

    @Test func execExitsArePublishedBeforeTheInitExit() async throws {
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        for name in ["e1", "e2"] {
            try await service.exec(id: "c1", ExecSpec(execID: name, stdio: StdioPaths(), processJSON: []))
            _ = try await service.start(id: "c1", execID: name)
        }
        let system = try #require(backend.system("c1"))
        system.initFake.exit(0)  // init dies first...
        try await Task.sleep(for: .milliseconds(50))
        #expect(!events.topics.contains("/tasks/exit"))  // ...but its exit is held back
        system.exec("e2")?.exit(2)
        system.exec("e1")?.exit(1)
        let all = await events.waitFor(count: 9)
        let exits = all.compactMap { event -> String? in
            if case .exit(_, let id, _, _) = event { return id } else { return nil }
        }
        #expect(exits.count == 3 && exits.last == "c1")
        #expect(try await service.wait(id: "c1", execID: "").code == 0)
        // A new exec after the init exit is refused.
        await #expect { try await service.exec(id: "c1", ExecSpec(execID: "e3", stdio: StdioPaths(), processJSON: [])) }
            throws: { ($0 as? ShimError)?.code == .failedPrecondition }
    }

    @Test func sharedPidNamespaceKillsExecsWhenInitExits() async throws {
        let backend = FakeComputeBackend(killAllOnInitExit: true)
        let events = RecordingPublisher()
        let service = TaskService(backend: backend, publisher: events, shimPID: 1, onShutdown: {})
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        try await service.exec(id: "c1", ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: []))
        _ = try await service.start(id: "c1", execID: "e1")
        backend.system("c1")?.initFake.exit(0)
        #expect(try await service.wait(id: "c1", execID: "").code == 0)
        #expect(try await service.wait(id: "c1", execID: "e1").code == 137)
        #expect(backend.recorded.contains("signalAll 9"))
    }

    @Test func execLifecycleAndErrorCodes() async throws {
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        let exec = ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: [])
        try await service.exec(id: "c1", exec)
        await #expect { try await service.exec(id: "c1", exec) } throws: { ($0 as? ShimError)?.code == .alreadyExists }
        await #expect { try await service.kill(id: "c1", execID: "e1", signal: 15, all: false) }
            throws: { ($0 as? ShimError)?.code == .failedPrecondition }  // not started yet
        await #expect { try await service.exec(id: "nope", exec) } throws: { ($0 as? ShimError)?.code == .notFound }
        await #expect { try await service.state(id: "c1", execID: "zz") } throws: { ($0 as? ShimError)?.code == .notFound }
        #expect(try await service.start(id: "c1", execID: "e1") == 200)
        let pids = try await service.pids(id: "c1")
        #expect(pids.contains { $0.pid == 200 && $0.execID == "e1" } && pids.contains { $0.pid == 100 && $0.execID == nil })
        try await service.kill(id: "c1", execID: "e1", signal: 9, all: false)
        #expect(try await service.wait(id: "c1", execID: "e1").code == 137)
        await #expect { try await service.kill(id: "c1", execID: "e1", signal: 9, all: false) }
            throws: { ($0 as? ShimError)?.code == .notFound }  // already finished
        _ = try await service.delete(id: "c1", execID: "e1")
        await #expect { try await service.delete(id: "c1", execID: "e1") } throws: { ($0 as? ShimError)?.code == .notFound }
        #expect(events.topics == ["/tasks/create", "/tasks/start", "/tasks/exec-added", "/tasks/exec-started", "/tasks/exit"])
    }

    @Test func runningContainerCannotBeDeletedAndShutdownWaitsForTheLast() async throws {
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        await #expect { try await service.delete(id: "c1", execID: "") } throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        await service.shutdown(now: false)
        #expect(shutdowns.value == 0)
        try await service.kill(id: "c1", execID: "", signal: 9, all: false)
        _ = try await service.wait(id: "c1", execID: "")
        _ = try await service.delete(id: "c1", execID: "")
        await service.shutdown(now: false)
        #expect(shutdowns.value == 1)
    }

    @Test func pauseResumeAndConnect() async throws {
        _ = try await service.create(spec())
        let connected = await service.connect(id: "c1")
        #expect(connected.shimPID == 42 && connected.taskPID == 100)
        #expect(await service.connect(id: "other").taskPID == 0)
        await #expect { try await service.pause(id: "c1") } throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        _ = try await service.start(id: "c1", execID: "")
        try await service.pause(id: "c1")
        #expect(try await service.state(id: "c1", execID: "").status == .paused)
        try await service.resume(id: "c1")
        #expect(try await service.state(id: "c1", execID: "").status == .running)
        await #expect { try await service.stats(id: "c1") } throws: { ($0 as? ShimError)?.code == .unimplemented }
        #expect(events.topics.suffix(2) == ["/tasks/paused", "/tasks/resumed"])
    }

    @Test func waitOnAProcessThatExitsLaterReturnsItsStatus() async throws {
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        let service = self.service
        async let status = service.wait(id: "c1", execID: "")
        try await Task.sleep(for: .milliseconds(20))
        backend.system("c1")?.initFake.exit(3)
        #expect(try await status.code == 3)
    }

    @Test func anOOMKillIsPublishedBeforeTheExitItCausedEvenIfItsNotificationLags() async throws {
        _ = try await service.create(spec())
        let system = try #require(backend.system("c1"))
        system.oomCount.withLock { $0 = 0 }
        _ = try await service.start(id: "c1", execID: "")
        system.oomCount.withLock { $0 = 1 }  // the kernel counted the kill...
        system.initFake.exit(137)            // ...and the exit is reaped before the notification
        _ = try await service.wait(id: "c1", execID: "")
        system.oom.continuation.yield()      // the late notification must not publish it twice
        try await Task.sleep(for: .milliseconds(50))
        #expect(events.topics == ["/tasks/create", "/tasks/start", "/tasks/oom", "/tasks/exit"])
    }

    @Test func withoutACountEachNotificationIsOneOOMEvent() async throws {
        _ = try await service.create(spec())
        _ = try await service.start(id: "c1", execID: "")
        let system = try #require(backend.system("c1"))
        system.oom.continuation.yield()
        system.oom.continuation.yield()
        _ = await events.waitFor(count: 4)
        #expect(events.topics == ["/tasks/create", "/tasks/start", "/tasks/oom", "/tasks/oom"])
    }
}
