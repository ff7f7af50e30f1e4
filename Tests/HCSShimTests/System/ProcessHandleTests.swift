#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// Signals through `ProcessHandle` reach the process they were opened for and no other, with a
/// pid number reused for real (`ns_last_pid`, as root).
@Suite(.serialized) struct ProcessHandleTests {
    /// Whether `pid` is a live process (not a zombie, not gone).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? Files.readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func signalsTheProcessUntilItIsReapedThenNotFound() async throws {
        let pid = try ProcessSpawner.spawn(["/bin/sleep", "60"])
        let handle = try #require(Reaper.shared.handle(for: pid))
        #expect(handle.usesPidfd, "this kernel (\(Self.kernel)) has pidfds")
        try handle.signal(0)
        try handle.signal(9)
        #expect(await Reaper.shared.wait(pid: pid).code == 137)
        #expect(throws: ShimError.self) { try handle.signal(9) }
        do { try handle.signal(0) } catch { #expect(error.code == .notFound) }
        handle.close()
        do { try handle.signal(0) } catch { #expect(error.code == .notFound) }
    }

    @Test func aReapedPidGetsNoHandle() async throws {
        let pid = try ProcessSpawner.spawn(["/bin/true"])
        // Reaped and remembered, not yet claimed: the number may already be someone else's.
        for _ in 0..<200 where Reaper.shared.rememberedExits()[pid] == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Reaper.shared.rememberedExits()[pid] != nil)
        #expect(Reaper.shared.handle(for: pid) == nil)
        _ = await Reaper.shared.wait(pid: pid)
    }

    @Test func aReusedPidIsNeverSignalled() async throws {
        let lastPid = "/proc/sys/kernel/ns_last_pid"
        try #require(access(lastPid, W_OK) == 0, "needs root to steer pid allocation")
        let first = try ProcessSpawner.spawn(["/bin/sleep", "60"])
        let handle = try #require(Reaper.shared.handle(for: first))
        try handle.signal(9)
        _ = await Reaper.shared.wait(pid: first)
        // Make the kernel hand the same number to a new process (other processes on the machine
        // may take it first: try again).
        var second: Int32 = 0
        for _ in 0..<50 {
            try Files.writeText(lastPid, "\(first - 1)")
            let candidate = try ProcessSpawner.spawn(["/bin/sleep", "60"])
            if candidate == first { second = candidate; break }
            try Signals.send(9, to: candidate)
            _ = await Reaper.shared.wait(pid: candidate)
        }
        try #require(second == first, "pid \(first) was not reused in 50 tries")
        #expect(Self.isRunning(second))
        do {
            try handle.signal(9)
            Issue.record("a signal through the old handle was delivered")
        } catch {
            #expect(error.code == .notFound)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(Self.isRunning(second), "the new process with the reused pid was hit")
        try Signals.send(9, to: second)
        _ = await Reaper.shared.wait(pid: second)
    }

    static var kernel: String {
        (try? Files.readText("/proc/sys/kernel/osrelease"))?.split(separator: "\n").first.map(String.init) ?? "?"
    }
}
