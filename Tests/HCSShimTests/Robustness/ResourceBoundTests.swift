#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

extension Robustness {
    /// Bounds on what one client can make the shim hold: execs registered and never started,
    /// and the descriptor limit the serving shim raises at start.
    @Suite struct ResourceBoundTests {
        @Test func execsWaitingToStartAreBoundedPerTask() async throws {
            let backend = FakeComputeBackend()
            let service = TaskService(backend: backend, publisher: RecordingPublisher(), shimPID: 1, onShutdown: {})
            _ = try await service.create(ContainerSpec(id: "c1", bundle: "/run/b/c1", namespace: "ns"))
            _ = try await service.start(id: "c1", execID: "")
            func exec(_ name: String) async throws {
                try await service.exec(id: "c1", ExecSpec(execID: name, stdio: StdioPaths(), processJSON: Array("{}".utf8)))
            }
            for n in 0..<TaskService.unstartedExecLimit { try await exec("e\(n)") }
            await #expect { try await exec("one-too-many") } throws: { error in
                guard let error = error as? ShimError else { return false }
                return error.code == .failedPrecondition && error.message.contains("registered and not started")
            }
            // Starting one makes room; so does deleting one.
            _ = try await service.start(id: "c1", execID: "e0")
            try await exec("after-start")
            _ = try await service.delete(id: "c1", execID: "e1")
            try await exec("after-delete")
            await #expect(throws: ShimError.self) { try await exec("again-too-many") }
            // Another task has its own allowance.
            _ = try await service.create(ContainerSpec(id: "c2", bundle: "/run/b/c2", namespace: "ns"))
            _ = try await service.start(id: "c2", execID: "")
            try await service.exec(id: "c2", ExecSpec(execID: "x", stdio: StdioPaths(), processJSON: Array("{}".utf8)))
        }

        @Test func softDescriptorLimitIsRaisedToTheHardOne() throws {
            let limits = try #require(ShimProcess.descriptorLimit())
            try #require(limits.hard > 64)
            // One below the hard limit: lower is harmless to the tests running beside this one.
            var lowered = rlimit(rlim_cur: rlim_t(limits.hard - 1), rlim_max: rlim_t(limits.hard))
            #expect(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &lowered) == 0)
            let raised = try #require(ShimProcess.raiseDescriptorLimit())
            #expect(raised.before == limits.hard - 1)
            #expect(raised.after == limits.hard)
            #expect(ShimProcess.descriptorLimit()?.soft == limits.hard)
            #expect(ShimProcess.raiseDescriptorLimit()?.after == limits.hard)  // idempotent
        }
    }
}
