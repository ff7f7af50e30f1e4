import Testing
@testable import HCSShim

/// A task between `Create` and `Start`: what kubelet does to containers whose start failed
/// (kill, wait, delete), what clients update before starting, and an init that dies while
/// `Start` is still in flight.
@Suite struct TaskServiceCreatedTaskTests {
    let backend = FakeComputeBackend()
    let events = RecordingPublisher()
    let service: TaskService

    init() {
        service = TaskService(backend: backend, publisher: events, shimPID: 42, onShutdown: {})
    }

    func spec(_ id: String = "c1") -> ContainerSpec {
        ContainerSpec(id: id, bundle: "/run/b/\(id)", namespace: "ns")
    }

    @Test func killingACreatedTaskReportsItsExitAndReleasesWait() async throws {
        _ = try await service.create(spec())
        async let waited = service.wait(id: "c1", execID: "")
        try await service.kill(id: "c1", execID: "", signal: 9, all: false)
        let status = try await waited
        #expect(status.code == 137)
        let state = try await service.state(id: "c1", execID: "")
        #expect(state.status == .stopped && state.exit?.code == 137)
        #expect(events.topics == ["/tasks/create", "/tasks/exit"])
        if case .exit(_, let id, let pid, let exit) = events.recorded[1] {
            #expect(id == "c1" && pid == 100 && exit.code == 137)
        } else { Issue.record("second event is not an exit") }
        let deleted = try await service.delete(id: "c1", execID: "")
        #expect(deleted.status.code == 137)
        #expect(events.topics == ["/tasks/create", "/tasks/exit", "/tasks/delete"])
    }

    @Test func aCreatedInitThatDiesOnItsOwnIsReported() async throws {
        _ = try await service.create(spec())
        backend.system("c1")?.initFake.exit(1)
        #expect(try await service.wait(id: "c1", execID: "").code == 1)
        #expect(events.topics == ["/tasks/create", "/tasks/exit"])
        // Starting a task whose init is gone is refused.
        await #expect { try await service.start(id: "c1", execID: "") }
            throws: { ($0 as? ShimError)?.code == .failedPrecondition }
    }

    @Test func updateIsAcceptedBeforeStartAndRefusedAfterExit() async throws {
        _ = try await service.create(spec())
        try await service.update(id: "c1", resources: Array("{}".utf8), annotations: [:])
        #expect(backend.recorded.contains("update c1"))
        _ = try await service.start(id: "c1", execID: "")
        try await service.update(id: "c1", resources: Array("{}".utf8), annotations: [:])
        backend.system("c1")?.initFake.exit(0)
        _ = try await service.wait(id: "c1", execID: "")
        await #expect { try await service.update(id: "c1", resources: Array("{}".utf8), annotations: [:]) }
            throws: { ($0 as? ShimError)?.code == .failedPrecondition }
        #expect(backend.recorded.filter { $0 == "update c1" }.count == 2)
    }

    @Test func anInitExitDuringStartFollowsTheStartEvent() async throws {
        _ = try await service.create(spec())
        backend.system("c1")?.initFake.exitDuringStart.withLock { $0 = 3 }
        #expect(try await service.start(id: "c1", execID: "") == 100)
        #expect(try await service.wait(id: "c1", execID: "").code == 3)
        #expect(events.topics == ["/tasks/create", "/tasks/start", "/tasks/exit"])
    }
}
