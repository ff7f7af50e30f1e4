#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem
import Synchronization

/// The process's one readiness loop: a single epoll thread that resumes Swift tasks waiting
/// for a descriptor to become readable or writable.
///
/// Waits are one-shot (`EPOLLONESHOT`): a waiter registers, the thread resumes it once, and
/// the descriptor is re-armed only by the next wait. The thread blocks in `epoll_wait` with no
/// timeout, so an idle shim has no wake-ups. At most one reader and one writer may wait on a
/// descriptor at a time (a second concurrent wait of the same kind is a programming error and
/// fails with `.failedPrecondition`).
///
/// Threads: the loop thread only resumes continuations; all real work runs on the caller's
/// executor. `waiters` is guarded by its mutex, which is never held across a syscall that
/// blocks.
public final class EventLoop: Sendable {
    public static let shared: EventLoop = {
        do { return try EventLoop() } catch { fatalError("cannot create the event loop: \(error)") }
    }()

    private struct Waiters {
        var reader: CheckedContinuation<Void, any Error>?
        var writer: CheckedContinuation<Void, any Error>?
        var registered = false

        var mask: UInt32 {
            var events: UInt32 = UInt32(EPOLLONESHOT.rawValue)
            if reader != nil { events |= UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue) }
            if writer != nil { events |= UInt32(EPOLLOUT.rawValue) }
            return events
        }
    }

    private let epollFD: Int32
    private let waiters = Mutex<[Int32: Waiters]>([:])

    private init() throws(ShimError) {
        epollFD = try retryingInterrupts("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        // The loop lives for the whole process (`shared`), so the thread may hold it unowned.
        try SystemThread.start(name: "shim-epoll") { [unowned self] in self.runLoop() }
    }

    /// Suspends until `fd` is readable, hung up or in error. Throws `.canceled` if
    /// `cancelWaits(on:)` runs first.
    public func waitReadable(_ fd: Int32) async throws(ShimError) {
        try await wait(fd, reading: true)
    }

    /// Suspends until `fd` is writable or in error. Throws `.canceled` if `cancelWaits(on:)` runs first.
    public func waitWritable(_ fd: Int32) async throws(ShimError) {
        try await wait(fd, reading: false)
    }

    /// Resumes every waiter on `fd` with `.canceled` and removes `fd` from the epoll set. Call it
    /// before closing a descriptor that a task may be waiting on.
    public func cancelWaits(on fd: Int32) {
        let removed = waiters.withLock { $0.removeValue(forKey: fd) }
        guard let removed else { return }
        if removed.registered { _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil) }
        let canceled = ShimError(.canceled, "wait on fd \(fd) canceled")
        removed.reader?.resume(throwing: canceled)
        removed.writer?.resume(throwing: canceled)
    }

    private func wait(_ fd: Int32, reading: Bool) async throws(ShimError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let failure: ShimError? = waiters.withLock { table in
                    var entry = table[fd] ?? Waiters()
                    if reading ? entry.reader != nil : entry.writer != nil {
                        return ShimError(.failedPrecondition, "fd \(fd) already has a \(reading ? "reader" : "writer") waiting")
                    }
                    if reading { entry.reader = continuation } else { entry.writer = continuation }
                    var event = epoll_event()
                    event.events = entry.mask
                    event.data.fd = fd
                    // Arm under the lock so the loop thread cannot see a half-updated entry.
                    if !arm(fd, &event, registered: entry.registered) {
                        let error = errnoError("epoll_ctl fd \(fd)")
                        if reading { entry.reader = nil } else { entry.writer = nil }
                        if !entry.registered { table[fd] = nil } else { table[fd] = entry }
                        return error
                    }
                    entry.registered = true
                    table[fd] = entry
                    return nil
                }
                if let failure { continuation.resume(throwing: failure) }
            }
        } catch {
            throw ShimError.classify(error)
        }
    }

    /// Adds or re-arms `fd`. A descriptor closed without `cancelWaits(on:)` leaves a stale
    /// entry, and its reused number may or may not still be in the epoll set: ENOENT on MOD
    /// retries as ADD and EEXIST on ADD as MOD, so a reused number is always armed.
    private func arm(_ fd: Int32, _ event: inout epoll_event, registered: Bool) -> Bool {
        let first = registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD
        if epoll_ctl(epollFD, first, fd, &event) == 0 { return true }
        let code = errno
        guard (registered && code == ENOENT) || (!registered && code == EEXIST) else { return false }
        return epoll_ctl(epollFD, registered ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event) == 0
    }

    /// Called on the loop thread for each ready descriptor: resumes the waiters the events
    /// satisfy and re-arms the descriptor for any that remain.
    fileprivate func dispatch(fd: Int32, events: UInt32) {
        let failed = events & (UInt32(EPOLLERR.rawValue) | UInt32(EPOLLHUP.rawValue)) != 0
        let readable = failed || events & (UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue)) != 0
        let writable = failed || events & UInt32(EPOLLOUT.rawValue) != 0
        var ready: [CheckedContinuation<Void, any Error>] = []
        waiters.withLock { table in
            guard var entry = table[fd] else { return }
            if readable, let reader = entry.reader { ready.append(reader); entry.reader = nil }
            if writable, let writer = entry.writer { ready.append(writer); entry.writer = nil }
            if entry.reader != nil || entry.writer != nil {
                var event = epoll_event()
                event.events = entry.mask
                event.data.fd = fd
                _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
            }
            table[fd] = entry
        }
        for continuation in ready { continuation.resume() }
    }

    fileprivate func runLoop() -> Never {
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            let count = events.withUnsafeMutableBufferPointer { epoll_wait(epollFD, $0.baseAddress, 64, -1) }
            if count < 0 { continue }  // EINTR
            for index in 0..<Int(count) {
                dispatch(fd: events[index].data.fd, events: events[index].events)
            }
        }
    }
}
