#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Facts about and controls of the shim's own process, for the composition root.
public enum ShimProcess {
    public static var pid: Int32 { getpid() }
    public static var parentPID: Int32 { getppid() }

    /// The running executable (`/proc/self/exe`), so `start` re-executes this very binary
    /// rather than whatever a wrapper or PATH would find.
    public static func executablePath() throws(ShimError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try retryingInterrupts("readlink /proc/self/exe") { readlink("/proc/self/exe", &buffer, Int(PATH_MAX)) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func currentDirectory() throws(ShimError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { throw errnoError("getcwd") }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The value of an environment variable, nil when unset.
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Exits now, without unwinding: callers flush what they must first.
    /// One malloc arena for every thread. glibc gives each thread that allocates its own arena
    /// (a 132 kB heap of which each keeps some pages touched); a shim's threads allocate little
    /// and rarely at once, so the extra arenas are resident memory without a gain.
    public static func useSingleMallocArena() {
        _ = csystem_single_malloc_arena()
    }

    /// Returns the heap's free pages to the kernel. glibc gives back only the top of the heap by
    /// itself; what a burst of work (decoding a spec, spawning the runtime) freed below live
    /// chunks stays resident until this walk. Costs tens of microseconds, so callers use it
    /// after such bursts, not per request.
    public static func releaseFreeHeap() {
        _ = csystem_release_free_heap()
    }

    /// Raises the soft limit on open descriptors to the hard limit, as Go programs (the Go shim
    /// among them) do at start: the default soft limit of 1,024 is what a flood of
    /// connections exhausts first, locking containerd out of its own shim. Returns the limits
    /// before and after, nil if they cannot be read or set. Children inherit the raised soft
    /// limit (a container's own limits come from its spec's `rlimits`, set by the runtime).
    @discardableResult
    public static func raiseDescriptorLimit() -> (before: UInt64, after: UInt64)? {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return nil }
        let before = UInt64(limit.rlim_cur)
        guard limit.rlim_cur < limit.rlim_max else { return (before, before) }
        limit.rlim_cur = limit.rlim_max
        guard setrlimit(resource, &limit) == 0 else { return nil }
        return (before, UInt64(limit.rlim_cur))
    }

    /// The soft and hard limits on open descriptors, nil if they cannot be read.
    public static func descriptorLimit() -> (soft: UInt64, hard: UInt64)? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return (UInt64(limit.rlim_cur), UInt64(limit.rlim_max))
    }

    public static func exit(_ code: Int32) -> Never {
        Glibc._exit(code)
    }

    /// Points fd 2 at `fd` (the log fifo) so every later stderr write lands there.
    public static func redirectStandardError(to fd: FileDescriptor) throws(ShimError) {
        _ = try retryingInterrupts("dup2 stderr") { dup2(fd.rawValue, 2) }
    }

    /// Opens the bundle's log fifo write-only without blocking on a fifo with no reader
    /// (containerd holds it open read-write, so there is one), then makes the descriptor
    /// blocking so log lines are written whole. Nil if nothing is at `path`. Never through a
    /// symlink (`O_NOFOLLOW`) and only a fifo: a link or a file planted there (a hard link to
    /// a system file) would have the shim overwrite its target as root — FAILED_PRECONDITION.
    public static func openLogFifo(_ path: String) throws(ShimError) -> FileDescriptor? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_mode & S_IFMT == S_IFLNK { throw .failedPrecondition("refusing to log to \(path): it is a symbolic link") }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW)
        } catch {
            if error.code == .notFound { return nil }
            throw error  // a link swapped in since the lstat: ELOOP, FAILED_PRECONDITION
        }
        guard fstat(fd.rawValue, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else {
            fd.close()
            throw .failedPrecondition("refusing to log to \(path): it is not a fifo")
        }
        try? fd.setNonBlocking(false)
        return fd
    }

    /// Writes all of `bytes` to a blocking descriptor (stdout, stderr), ignoring errors: used
    /// for the shim's few direct outputs, which have no one to report a failure to.
    public static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads a descriptor to its end (stdin of `start` and `-info`). Blocking.
    public static func readAll(from fd: Int32, limit: Int = 1 << 20) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            result += chunk[..<n]
        }
        return result
    }

    /// Sets `pid`'s OOM score adjustment (best effort; containerd makes its shims one point
    /// more killable than itself).
    public static func setOOMScoreAdjust(of pid: Int32, to value: Int) {
        try? Files.writeText("/proc/\(pid)/oom_score_adj", "\(value)")
    }

    public static func oomScoreAdjust(of pid: Int32) -> Int? {
        guard let text = try? Files.readText("/proc/\(pid)/oom_score_adj") else { return nil }
        return Int(text.filter { !$0.isWhitespace })
    }
}

/// SIGTERM, SIGINT and SIGUSR1 delivered as an async sequence through a signalfd.
///
/// `install()` must run in `main` before other threads exist (the signals are blocked for the
/// threads created afterwards, so only the signalfd sees them).
public final class TerminationSignals: Sendable {
    private let fd: Int32

    public init() throws(ShimError) {
        fd = try retryingInterrupts("signalfd SIGTERM/SIGINT") { csystem_termination_signalfd() }
    }

    /// The next signal number (SIGTERM = 15, SIGINT = 2, SIGUSR1 = 10).
    public func next() async throws(ShimError) -> Int32 {
        while true {
            let signal = csystem_read_signalfd(fd)
            if signal > 0 { return signal }
            try await EventLoop.shared.waitReadable(fd)
        }
    }
}
