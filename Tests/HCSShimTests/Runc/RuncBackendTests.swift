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
