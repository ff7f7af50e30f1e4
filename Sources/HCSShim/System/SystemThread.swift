import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// A detached pthread for work that must not run on the cooperative pool: a loop that blocks
/// in the kernel (epoll), or a worker of the pool itself.
///
/// The thread starts with every signal blocked: the shim takes signals only through signalfds,
/// which works only while no thread can receive them, and a new thread inherits its creator's
/// mask, whatever thread that is.
enum SystemThread {
    /// Starts `body` on a new thread named `name` (15 bytes kept, as `/proc/PID/task/TID/comm`
    /// shows). The thread ends when `body` returns.
    /// - Throws: `ShimError` classified from `pthread_create`'s error (EAGAIN: a thread limit).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(ShimError) {
        let start = Start(name: name, body: body)
        let context = Unmanaged.passRetained(start).toOpaque()
        var all = sigset_t(), saved = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &saved)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            _ = csystem_set_thread_name(start.name)
            start.body()
            return nil
        }, context)
        pthread_sigmask(SIG_SETMASK, &saved, nil)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw errnoError("pthread_create", rc)
        }
        pthread_detach(thread)
    }

    private final class Start: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) { self.name = name; self.body = body }
    }
}
