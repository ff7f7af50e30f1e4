#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import HCSShim

/// The runc backend against the real runtimes (we run as root): runc, and crun through the
/// hybrid-cgroup wrapper. Output goes through the IO layer (`file://`).
@Suite(.serialized) struct RuncBackendTests {
    @Test(arguments: RuncFixture.runtimes)
    func createStartWaitReportsExitCodeAndOutput(runtime: String) async throws {
        try await RuncFixture(runtime: runtime, args: ["sh", "-c", "echo hi; exit 7"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            let initPid = container.initProcess.pid
            #expect(initPid > 0)
            #expect(fixture.rootfsMounted)
            #expect(try await container.initProcess.start() == initPid)
            let status = await container.initProcess.wait()
            #expect(status.code == 7)
            #expect(fixture.output() == "hi\n")
            #expect(container.killAllOnInitExit == false)  // runc spec has its own pid namespace
            try await container.delete()
            #expect(!fixture.runtimeHasState())
            #expect(!fixture.rootfsMounted)
            #expect(fixture.openDescriptorsUnderBase().isEmpty, "\(fixture.openDescriptorsUnderBase())")
            #expect(!Signals.processExists(initPid), "init \(initPid) left as a zombie")
        }
    }

    @Test(arguments: RuncFixture.runtimes)
    func execKillPidsPauseResume(runtime: String) async throws {
        try await RuncFixture(runtime: runtime, args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()

            let exec = try await container.exec(ExecSpec(
                execID: "e1", stdio: fixture.fileStdio,
                processJSON: Array(#"{"args":["sh","-c","echo from-exec; exit 3"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}}"#.utf8)))
            let execPid = try await exec.start()
            #expect(execPid > 0)
            #expect(await exec.wait().code == 3)
            #expect(fixture.output().contains("from-exec"))
            await #expect(throws: ShimError.notFound("signal: process already finished")) { try await exec.signal(9) }
            try await exec.delete()
            #expect(!Files.exists(fixture.bundle + "/e1.pid"))

            let pids = try await container.pids()
            #expect(pids.contains(container.initProcess.pid))

            try await container.pause()
            #expect(try await fixture.runtimeStatus() == "paused")
            try await container.resume()
            #expect(try await fixture.runtimeStatus() == "running")

            try await container.initProcess.signal(9)
            #expect(await container.initProcess.wait().code == 137)
            await #expect(throws: ShimError.notFound("signal: process already finished")) {
                try await container.initProcess.signal(9)
            }
            try await container.delete()
            try await container.delete()  // idempotent
            #expect(!fixture.runtimeHasState())
            #expect(!fixture.rootfsMounted)
            #expect(fixture.openDescriptorsUnderBase().isEmpty, "\(fixture.openDescriptorsUnderBase())")
        }
    }
}

/// The window between an exec's reap and the end of its output drain (up to 2 s when a
/// daemon it left behind holds the output open): a signal there must not reach the reaped
/// pid, not even when the kernel has already given that number to another process.
@Suite(.serialized) struct RuncSignalAfterReapTests {
    @Test(arguments: RuncFixture.runtimes)
    func aSignalDuringTheDrainNeverReachesAReusedPid(runtime: String) async throws {
        try #require(access(Self.lastPid, W_OK) == 0, "needs root to steer pid allocation")
        try await RuncFixture(runtime: runtime, args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            // A thread somewhere on the machine may take the freed number first (invisible to
            // kill, so no test): then try again with another exec.
            var tested = false
            for attempt in 1...5 where !tested {
                tested = try await raceOnce(container, fixture: fixture, execID: "e\(attempt)")
            }
            #expect(tested, "no attempt got the exec's pid number reused by a process")
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            try await container.delete()
        }
    }

    static let lastPid = "/proc/sys/kernel/ns_last_pid"

    /// One exec that exits at once while the `sleep` it leaves behind keeps its stdout open, so
    /// its drain lasts seconds; its pid number is handed to another process meanwhile. The
    /// `sleep` gets a session of its own: as a member of the exec's process group it would pin
    /// the number (a pid stays allocated while it names a live group), and nothing could take
    /// it. Returns false when the number could not be given to a process.
    private func raceOnce(_ container: any ComputeSystem, fixture: RuncFixture, execID: String) async throws -> Bool {
        let exec = try await container.exec(ExecSpec(
            execID: execID, stdio: fixture.fileStdio,
            processJSON: Array(#"{"args":["sh","-c","setsid sleep 4 & exit 0"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}}"#.utf8)))
        let pid = try await exec.start()
        let finished = ManagedAtomicFlag()
        let waiter = Task { _ = await exec.wait(); finished.set() }
        defer { waiter.cancel() }
        for _ in 0..<300 where Signals.processExists(pid) { try await Task.sleep(for: .milliseconds(5)) }
        #expect(!Signals.processExists(pid), "exec \(pid) was not reaped")
        var ours: Int32?
        for _ in 0..<50 where ours == nil && !Files.exists("/proc/\(pid)") {
            try Files.writeText(Self.lastPid, "\(pid - 1)")
            let candidate = try ProcessSpawner.spawn(["/bin/sleep", "60"])
            if candidate == pid { ours = candidate } else {
                try Signals.send(9, to: candidate)
                _ = await Reaper.shared.wait(pid: candidate)
            }
        }
        guard Signals.processExists(pid) else {
            await waiter.value
            try await exec.delete()
            return false
        }
        #expect(!finished.isSet, "the drain ended before the signal could race it")
        // Signal 0 probes without harming whoever holds the number; a plain kill would succeed.
        await #expect(throws: ShimError.notFound("signal \(execID): process already finished")) { try await exec.signal(0) }
        if let ours {
            await #expect(throws: ShimError.notFound("signal \(execID): process already finished")) { try await exec.signal(9) }
            try await Task.sleep(for: .milliseconds(50))
            #expect(ProcessHandleTests.isRunning(ours), "the process now holding pid \(pid) was signalled")
            try Signals.send(9, to: ours)
            _ = await Reaper.shared.wait(pid: ours)
        }
        await waiter.value
        try await exec.delete()
        return true
    }
}

/// A flag set once from one task and read from another.
final class ManagedAtomicFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
