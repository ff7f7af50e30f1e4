#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

@Suite struct ReaperTests {
    /// Children of this process still present (zombies included), from /proc/*/stat.
    static func childrenOfSelf() -> [Int32] {
        let me = getpid()
        guard let dir = opendir("/proc") else { return [] }
        defer { closedir(dir) }
        var children: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Int32(name),
                  let stat = try? Files.read("/proc/\(pid)/stat") else { continue }
            // "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
            let text = String(decoding: stat, as: UTF8.self)
            guard let close = text.lastIndex(of: ")") else { continue }
            let fields = text[text.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == me { children.append(pid) }
        }
        return children
    }

    @Test func twoHundredConcurrentChildrenGetTheirOwnStatuses() async throws {
        _ = try await ProcessSpawner.run(["/bin/true"])  // warm up: reaper, event loop, pipes
        let before = ProcessCensus.openDescriptorCount()
        let statuses = try await withThrowingTaskGroup(of: (Int, UInt32).self) { group in
            for index in 0..<200 {
                group.addTask {
                    let output = try await ProcessSpawner.run(["/bin/sh", "-c", "exit \(index % 100)"])
                    return (index, output.status.code)
                }
            }
            var collected: [Int: UInt32] = [:]
            for try await (index, code) in group { collected[index] = code }
            return collected
        }
        #expect(statuses.count == 200)
        for index in 0..<200 { #expect(statuses[index] == UInt32(index % 100)) }
        // Each run opens pipes for the child's output; one leaked per run would add 200.
        let after = await ProcessCensus.descriptorsSettle(atMost: before)
        #expect(after < before + 100, "descriptors grew from \(before) to \(after)")
        let spawned = Set(statuses.keys)
        #expect(spawned.count == 200)
    }

    @Test func noZombiesAfterManySpawns() async throws {
        var pids: [Int32] = []
        for _ in 0..<20 {
            pids.append(try ProcessSpawner.spawn(["/bin/true"]))
        }
        for pid in pids { _ = await Reaper.shared.wait(pid: pid) }
        let leftovers = Set(Self.childrenOfSelf()).intersection(pids)
        #expect(leftovers.isEmpty, "zombies: \(leftovers)")
    }

    @Test func exitOfAnOrphanIsKeptForALateWaiter() async throws {
        try Subreaper.enable()
        // The shell starts a subshell and exits; the subshell waits until the shell is gone (so
        // the shell cannot reap it), is re-parented to us (the subreaper) and exits with 42
        // before anyone asks for its pid — like a container init after `runc create`.
        let output = try await ProcessSpawner.run(["/bin/sh", "-c",
            "(while kill -0 $$ 2>/dev/null; do sleep 0.02; done; exit 42) </dev/null >/dev/null 2>&1 & echo $!"])
        let orphan = try #require(Int32(String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace))
        try await Task.sleep(for: .milliseconds(300))
        let status = await withTaskGroup(of: HCSShim.ExitStatus?.self) { group in
            group.addTask { () -> HCSShim.ExitStatus? in await Reaper.shared.wait(pid: orphan) }
            group.addTask { () -> HCSShim.ExitStatus? in try? await Task.sleep(for: .seconds(10)); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(status?.code == 42)
    }

    @Test func waiterRegisteredBeforeExitIsResumed() async throws {
        let pid = try ProcessSpawner.spawn(["/bin/sh", "-c", "sleep 0.2; exit 5"])
        async let first = Reaper.shared.wait(pid: pid)
        #expect(await first.code == 5)
    }

    @Test func unknownExitsAreBoundedOldestFirst() {
        // A private, never-started reaper: only its tables are exercised (starting a second
        // reaper would steal exits from the shared one).
        let reaper = Reaper(unclaimedLimit: 2)
        reaper.deliver(pid: 900_001, exit: .exited(1))
        reaper.deliver(pid: 900_002, exit: .exited(2))
        reaper.deliver(pid: 900_003, exit: .exited(3))
        #expect(reaper.rememberedExits() == [900_002: 2, 900_003: 3])
    }
}
