#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// The Task service over the real runtimes for a task that is created and never started, and
/// for terminal stdio as containerd's Go client sends it (a stderr path with no fifo behind it).
@Suite(.serialized) struct RuncCreatedTaskTests {
    func service(_ events: RecordingPublisher) -> TaskService {
        TaskService(backend: RuncBackend(), publisher: events, shimPID: getpid().magnitude, onShutdown: {})
    }

    @Test(arguments: RuncFixture.runtimes)
    func updateThenKillBeforeStartReportsTheExit(runtime: String) async throws {
        try await RuncFixture(runtime: runtime, args: ["sleep", "60"]).run { fixture in
            let events = RecordingPublisher()
            let service = service(events)
            let pid = try await service.create(fixture.spec)
            #expect(pid > 0)
            try await service.update(
                id: fixture.id, resources: Array(#"{"pids":{"limit":64}}"#.utf8), annotations: [:])
            async let waited = service.wait(id: fixture.id, execID: "")
            try await service.kill(id: fixture.id, execID: "", signal: 9, all: false)
            #expect(try await waited.code == 137)
            #expect(events.topics == ["/tasks/create", "/tasks/exit"])
            let deleted = try await service.delete(id: fixture.id, execID: "")
            #expect(deleted.pid == pid && deleted.status.code == 137)
            #expect(!fixture.runtimeHasState())
            #expect(!fixture.rootfsMounted)
            #expect(!Signals.processExists(Int32(pid)), "init \(pid) left behind")
            #expect(fixture.openDescriptorsUnderBase().isEmpty, "\(fixture.openDescriptorsUnderBase())")
        }
    }

    @Test(arguments: RuncFixture.runtimes)
    func terminalWithoutAStderrFifo(runtime: String) async throws {
        let fixture = try await RuncFixture(runtime: runtime, args: ["sh", "-c", "tty"]) { config in
            var process = config["process"] ?? .object([:])
            process["terminal"] = .bool(true)
            config["process"] = process
        }
        try await fixture.run { fixture in
            let stdoutPath = fixture.base + "/stdout"
            #expect(mkfifo(stdoutPath, 0o600) == 0)
            let reader = try FileDescriptor.open(stdoutPath, O_RDONLY | O_NONBLOCK)
            defer { EventLoop.shared.cancelWaits(on: reader.rawValue); reader.close() }
            var spec = fixture.spec
            // The stderr fifo is named but, as with containerd's Go client, never created.
            spec.stdio = StdioPaths(stdout: stdoutPath, stderr: fixture.base + "/stderr", terminal: true)
            let container = try await RuncBackend().create(spec)
            _ = try await container.initProcess.start()
            #expect(await container.initProcess.wait().code == 0)
            let output = String(decoding: await readAll(reader, limit: 64), as: UTF8.self)
            #expect(output.contains("/dev/pts/"), "\(output)")
            #expect(!Files.exists(fixture.base + "/stderr"))
            try await container.delete()
        }
    }
}
