#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Process-wide signal setup for a process that supervises children.
///
/// `prepareProcess()` must run first thing in `main`, before any thread exists: a blocked
/// SIGCHLD is inherited by every thread created afterwards, so it stays pending for the
/// reaper's signalfd instead of being delivered (and discarded) to some random thread.
/// Children never inherit this state: `ProcessSpawner` gives them an empty mask and default
/// dispositions (`POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF`).
public enum Signals {
    /// Ignores SIGPIPE (writes to a closed fifo or socket fail with EPIPE instead of killing
    /// the shim — containerd's log fifo goes away when containerd restarts), blocks SIGCHLD in
    /// the calling thread and makes `Reaper.shared` the owner of every child (`wait4(-1)`).
    /// Throws `.internal` if the signal mask cannot be changed.
    public static func prepareProcess() throws(ShimError) {
        ignoreBrokenPipe()
        let rc = csystem_block_sigchld()
        if rc != 0 { throw ShimError(.internal, errnoError("pthread_sigmask SIGCHLD", rc).message) }
        Reaper.shared.ownAllChildren()
    }

    /// Parks the calling thread forever with its signal mask intact. For `main`: an async
    /// top-level `main` ends in libdispatch's `dispatch_main`, which waits in `sigsuspend` with
    /// an *empty* mask, so every process-directed signal (SIGCHLD, SIGTERM) is delivered to the
    /// main thread instead of staying pending for a signalfd. Run the shim in a `Task` and park
    /// the main thread here instead.
    public static func parkMainThread() -> Never {
        csystem_park_thread()
    }

    /// Ignores SIGPIPE for the whole process. Idempotent and cheap; the spawner calls it too,
    /// so library users (tests) that never ran `prepareProcess()` still survive an EPIPE.
    public static func ignoreBrokenPipe() {
        _ = csystem_ignore_sigpipe()
    }

    /// Sends `signal` to `pid`. Throws `.notFound` for ESRCH (the process is gone),
    /// `.permissionDenied` for EPERM. The corresponding C function is `kill`.
    public static func send(_ signal: Int32, to pid: Int32) throws(ShimError) {
        guard pid > 0 else { throw ShimError(.invalidArgument, "kill: invalid pid \(pid)") }
        _ = try retryingInterrupts("kill \(pid) signal \(signal)") { Glibc.kill(pid, signal) }
    }

    /// Whether a process with `pid` exists (it may be a zombie). `kill(pid, 0)` semantics.
    public static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return Glibc.kill(pid, 0) == 0 || errno == EPERM
    }
}
