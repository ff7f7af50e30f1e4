import Testing
@testable import HCSShim

/// Error classes, kill-all, update, OOM, crash cleanup and checkpoint against real runc.
@Suite(.serialized) struct RuncBackendControlTests {
    @Test func duplicateIDIsAlreadyExistsAndLeavesTheFirstIntact() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let backend = RuncBackend()
            let container = try await backend.create(fixture.spec)
            do {
                _ = try await backend.create(fixture.spec)
                Issue.record("a second container with the same id was created")
            } catch {
                #expect(ShimError.classify(error).code == .alreadyExists, "\(error)")
            }
            #expect(fixture.runtimeHasState())
            try await container.signalAll(9)
            _ = await container.initProcess.wait()
            try await container.delete()
        }
    }

    /// runc reports "stat /no/such/program: no such file or directory"; like containerd's
    /// runc-v2 ("OCI runtime exec failed … : unknown") that stays `.unknown` with runc's text.
    @Test func execOfAMissingProgramCarriesTheRuntimeMessage() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            let exec = try await container.exec(ExecSpec(
                execID: "missing", stdio: StdioPaths(),
                processJSON: Array(#"{"args":["/no/such/program"],"cwd":"/","user":{"uid":0,"gid":0}}"#.utf8)))
            do {
                _ = try await exec.start()
                Issue.record("exec of a missing program started")
            } catch {
                let classified = ShimError.classify(error)
                #expect(classified.code == .unknown, "\(error)")
                #expect(classified.message.hasPrefix("runc exec: "), "\(error)")
                #expect(classified.message.contains("/no/such/program"), "\(error)")
            }
            // A failed start leaves the exec startable state-wise but not signalable by pid.
            await #expect(throws: ShimError.failedPrecondition("signal missing: process not created")) {
                try await exec.signal(9)
            }
            try await exec.delete()
            #expect(await exec.wait().code == 255)
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            try await container.delete()
        }
    }

    @Test func initExitKillsTheRestWhenThePidNamespaceIsShared() async throws {
        // No pid namespace: the container's processes are host processes, and init's exit
        // does not take its children along: the backend kills them when init exits.
        let fixture = try await RuncFixture(args: ["sh", "-c", "sleep 300 & echo $! > /tmp/child; exit 0"]) { config in
            var linux = config["linux"] ?? .object([:])
            if case let .array(namespaces)? = linux["namespaces"] {
                linux["namespaces"] = .array(namespaces.filter { $0["type"] != .string("pid") })
            }
            config["linux"] = linux
            var root = config["root"] ?? .object([:])
            root["readonly"] = .bool(false)
            config["root"] = root
        }
        try await fixture.run { fixture in
            var spec = fixture.spec
            spec.rootfs = []  // a writable rootfs: the image directory itself
            let config = try JSONValue.decode(try Files.read(fixture.bundle + "/config.json"), what: "config")
            var edited = config
            var root = edited["root"] ?? .object([:])
            root["path"] = .string(fixture.image + "/rootfs")
            edited["root"] = root
            try Files.writeAtomically(fixture.bundle + "/config.json", try edited.encoded)

            let container = try await RuncBackend().create(spec)
            #expect(container.killAllOnInitExit)
            _ = try await container.initProcess.start()
            let started = SystemClock.monotonicNanos()
            #expect(await container.initProcess.wait().code == 0)
            // The backend killed the orphan at init's exit, so the drain did not wait for it.
            #expect(SystemClock.monotonicNanos() - started < 1_500_000_000)
            let child = try #require(Int32((try Files.readText(fixture.image + "/rootfs/tmp/child")).trimmedLines))
            // Killed means gone or a zombie: the library's default reaper mode reaps only
            // the processes it tracks, and the orphan was re-parented to this process.
            #expect(!Signals.processExists(child) || isZombie(child), "the orphaned child \(child) survived")
            try? await container.signalAll(9)  // what the service may still send: harmless
            try await container.delete()
        }
    }

    @Test func updateAppliesResourcesAndRefusesAStoppedContainer() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            try await container.update(resources: Array(#"{"pids":{"limit":42}}"#.utf8), annotations: [:])
            let paths = try Cgroups.paths(of: container.initProcess.pid)
            let pidsDir = try #require(paths.v1["pids"] ?? paths.unified)
            #expect(try Files.readText(pidsDir + "/pids.max").trimmedLines == "42")
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            await #expect(throws: ShimError.failedPrecondition("update: cannot update a stopped container")) {
                try await container.update(resources: Array(#"{"pids":{"limit":7}}"#.utf8), annotations: [:])
            }
            try await container.delete()
        }
    }

    @Test func oomKillIsReported() async throws {
        let fixture = try await RuncFixture(args: ["sh", "-c", "sleep 0.3; x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"]) { config in
            var linux = config["linux"] ?? .object([:])
            let limit = JSONValue.integer(16 << 20)
            let memory = JSONValue.object(["limit": limit, "swap": limit])
            linux["resources"] = .object(["memory": memory])
            config["linux"] = linux
        }
        try await fixture.run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            let events = container.oomEvents()
            _ = try await container.initProcess.start()
            let status = await container.initProcess.wait()
            #expect(status.code == 137, "exit \(status.code), output \(fixture.output())")
            let first = await firstElement(of: events, within: .seconds(5))
            #expect(first == true, "no OOM event")
            try await container.delete()
            // The stream ends with the container (after any further OOM kills it buffered).
            #expect(await finishes(events, within: .seconds(5)))
        }
    }

    @Test func cleanupRemovesStateAndMountsAndIsIdempotent() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let backend = RuncBackend()
            let container = try await backend.create(fixture.spec)
            _ = try await container.initProcess.start()
            #expect(fixture.runtimeHasState() && fixture.rootfsMounted)
            // The shim is "gone": only the delete subcommand's cleanup runs.
            try await backend.cleanup(id: fixture.id, bundle: fixture.bundle, namespace: "test")
            #expect(!fixture.runtimeHasState())
            #expect(!fixture.rootfsMounted)
            #expect(await container.initProcess.wait().code == 137)
            try await backend.cleanup(id: fixture.id, bundle: fixture.bundle, namespace: "test")
        }
    }

    /// With no state under the runtime's root (the serving shim already deleted the container)
    /// cleanup does not run the runtime; with a state directory it does.
    @Test func cleanupRunsTheRuntimeOnlyWhenItHasStateForTheTask() async throws {
        let base = try Files.makeTemporaryDirectory(prefix: "hcsshim-cleanup-")
        defer { Files.removeDirectory(base) }
        let bundle = base + "/bundle", root = base + "/root", marker = base + "/ran"
        try Files.makeDirectories(bundle)
        try Files.makeDirectories(root)
        let runtime = base + "/fake-runc"
        try Files.writeAtomically(runtime, Array("#!/bin/sh\necho \"$@\" >> \(marker)\n".utf8), mode: 0o755)
        try RuncBundle(path: bundle).writeOptions(.init(binaryName: runtime, root: root, systemdCgroup: false, criuPath: ""))

        try await RuncBackend().cleanup(id: "gone", bundle: bundle, namespace: "test")
        #expect(!Files.exists(marker))

        try Files.makeDirectories(root + "/present")
        try await RuncBackend().cleanup(id: "present", bundle: bundle, namespace: "test")
        let calls = try Files.readText(marker)
        #expect(calls.contains("--root \(root)") && calls.contains("delete --force present"), "\(calls)")
    }

    /// CRIU 3.17.1 (Debian 12) cannot initialise on this VM's kernel 6.18: `criu check` fails
    /// with "vdso: Unexpected rt vDSO area bounds" → "Could not initialize kernel features
    /// detection". So a checkpoint here must fail with the runtime's message, and a
    /// leave-running checkpoint must leave the container running.
    @Test func checkpointSurfacesCRIUFailureAndKeepsTheContainerRunning() async throws {
        try await RuncFixture(args: ["sleep", "60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            let criuWorks = (try await ProcessSpawner.run(["criu", "check"])).status.code == 0
            do {
                try await container.checkpoint(CheckpointSpec(path: fixture.base + "/checkpoint"))
                #expect(criuWorks, "checkpoint succeeded although criu check fails")
                #expect(Files.exists(fixture.base + "/checkpoint/inventory.img"))
            } catch {
                #expect(!criuWorks, "\(error)")
                #expect(ShimError.classify(error).message.contains("criu"), "\(error)")
            }
            #expect(try await fixture.runtimeStatus() == "running")
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            try await container.delete()
        }
    }
}

/// Whether `stream` yields (true) or finishes (false) within `limit`; nil on timeout.
func firstElement(of stream: AsyncStream<Void>, within limit: Duration) async -> Bool? {
    await withTaskGroup(of: Bool?.self) { group in
        group.addTask {
            var iterator = stream.makeAsyncIterator()
            return await iterator.next() != nil
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let result = await group.next() ?? nil
        group.cancelAll()
        return result
    }
}

@Suite struct RuncStatsTests {
    @Test func statsOfARunningContainerAreCgroupV1MetricsOnThisHost() async throws {
        try await RuncFixture(args: ["sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 60"]).run { fixture in
            let container = try await RuncBackend().create(fixture.spec)
            _ = try await container.initProcess.start()
            try await Task.sleep(for: .milliseconds(300))
            let payload = try await container.stats()
            #expect(payload.typeURL == "io.containerd.cgroups.v1.Metrics")
            let metrics = try payload.unpacked(as: CgroupsV1.Metrics.self)
            #expect((metrics.pids?.current ?? 0) >= 1)
            #expect((metrics.memory?.usage?.usage ?? 0) > 0)
            #expect((metrics.cpu?.usage?.total ?? 0) > 0)
            #expect(metrics.memoryOOMControl != nil)
            try await container.initProcess.signal(9)
            _ = await container.initProcess.wait()
            try await container.delete()
            await #expect(throws: ShimError.notFound("stats: cgroup does not exist")) { _ = try await container.stats() }
        }
    }
}

/// Whether `stream` finishes within `limit`, consuming any elements it still yields.
func finishes(_ stream: AsyncStream<Void>, within limit: Duration) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            for await _ in stream {}
            return true
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return false
        }
        let result = await group.next() ?? false
        group.cancelAll()
        return result
    }
}

/// Whether `pid` is a zombie (state `Z` in /proc/<pid>/stat).
func isZombie(_ pid: Int32) -> Bool {
    guard let text = try? Files.readText("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return false }
    return text[text.index(after: close)...].split(separator: " ").first == "Z"
}
