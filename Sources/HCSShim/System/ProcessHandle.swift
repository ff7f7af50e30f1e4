#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem
import Synchronization

/// One child process, held so that a signal can never reach a later process that was given
/// the same pid number: a pidfd (Linux ≥ 5.3) names the process itself, and once that process
/// has been reaped a signal through it fails with ESRCH instead of finding a stranger.
///
/// Made only by `Reaper.handle(for:)`, which opens the pidfd while the pid is known to be
/// unreaped. On a kernel without pidfds (ENOSYS) the handle falls back to the plain pid, which
/// is as safe as `kill` ever was.
///
/// Threads: the descriptor is used and closed under one lock, so a signal never goes through a
/// descriptor number that `close()` has already handed back to the kernel for reuse.
public final class ProcessHandle: Sendable {
    public let pid: Int32
    /// The pidfd; nil for the plain-pid fallback, and after `close()`.
    private let descriptor: Mutex<Int32?>
    private let closed = Atomic<Bool>(false)

    init(pid: Int32, pidfd: Int32?) {
        self.pid = pid
        self.descriptor = Mutex(pidfd)
    }

    /// Whether the handle holds a pidfd (false: the plain-pid fallback).
    public var usesPidfd: Bool { descriptor.withLock { $0 != nil } }

    /// Sends `signal` to the process. Throws `.notFound` once it has been reaped (or the handle
    /// closed), `.permissionDenied` for EPERM.
    public func signal(_ signal: Int32) throws(ShimError) {
        try descriptor.withLock { (pidfd: inout Int32?) throws(ShimError) in
            guard !closed.load(ordering: .acquiring) else {
                throw ShimError(.notFound, "signal \(pid): process already finished")
            }
            if let fd = pidfd {
                _ = try retryingInterrupts("pidfd signal \(signal) to \(pid)") { csystem_pidfd_send_signal(fd, signal) }
            } else {
                try Signals.send(signal, to: pid)
            }
        }
    }

    /// Releases the pidfd; later signals throw `.notFound`. Idempotent.
    public func close() {
        descriptor.withLock { pidfd in
            closed.store(true, ordering: .releasing)
            if let fd = pidfd { _ = Glibc.close(fd) }
            pidfd = nil
        }
    }

    deinit {
        if let fd = descriptor.withLock({ $0 }) { _ = Glibc.close(fd) }
    }
}
