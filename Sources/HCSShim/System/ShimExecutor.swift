@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency
#if canImport(Glibc)
import Glibc
#endif

/// The shim's global executor: a small fixed pool of worker threads with no timer of its own.
///
/// The default executor on Linux is built on libdispatch, whose worker-pool monitor wakes the
/// process every second for as long as it lives, and keeps a manager thread besides. An idle
/// shim should not run at all: here idle workers sleep on a condition variable with no
/// deadline, and the only timed wait is for the earliest `Task.sleep` still pending.
///
/// Threads: up to `workers`, each started when a job finds no idle worker, then kept. The pool
/// is fixed like the default cooperative pool (nothing in the shim blocks a thread waiting for
/// another job), and small: a shim's work is I/O-bound and its epoll thread does the waiting,
/// so two workers serve it; growing past them under load only traded a thread start per
/// request for nothing. Every worker blocks all signals (the shim reads signals through
/// signalfds only). Jobs run in FIFO order, with no priorities. `install()` makes a shared
/// instance the default executor; it must run before the first task is created.
final class ShimExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    let workers: Int

    // Guarded by `mutex`. Heap-allocated: pthread objects must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let timerDue = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var timers = DeadlineQueue<UnownedJob>()
    private var started = 0
    private var waitingForWork = 0     // workers in workAvailable's wait
    private var pendingSignals = 0     // of those, already signalled but not yet awake
    private var timerWaiter = false    // a worker waits on timerDue for the earliest deadline
    private var timerWaiterSignalled = false

    init(workers: Int = 2) {
        self.workers = max(1, workers)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(workAvailable, &attributes)
        pthread_cond_init(timerDue, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// Makes a shared instance the default executor of every task in the process.
    static func install() {
        _createExecutors(factory: ShimExecutorFactory.self)
    }

    /// Worker threads alive now (for tests and diagnostics).
    var workerCount: Int { locked { started } }

    /// Delayed jobs not yet due (for tests and diagnostics).
    var pendingTimerCount: Int { locked { timers.count } }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        locked {
            jobs.append(job)
            wakeOrStartWorker()
        }
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        schedule(UnownedJob(job), deadline: SystemClock.monotonicDeadline(after: delay as? Duration))
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        schedule(UnownedJob(job), deadline: SystemClock.monotonicDeadline(after: clock.now.duration(to: instant) as? Duration))
    }

    var isMainExecutor: Bool { false }

    private func schedule(_ job: UnownedJob, deadline: UInt64) {
        locked {
            let earlier = timers.earliestDeadline.map { deadline < $0 } ?? true
            timers.insert(job, deadline: deadline)
            if !timerWaiter {
                wakeOrStartWorker()
            } else if earlier, !timerWaiterSignalled {
                timerWaiterSignalled = true
                pthread_cond_signal(timerDue)
            }
        }
    }

    /// Called with the mutex held when there is new work: wakes an idle worker (the timer
    /// waiter is idle too), or starts one if the pool is not full; otherwise a busy worker
    /// takes the job when it finishes its own.
    private func wakeOrStartWorker() {
        if waitingForWork > pendingSignals {
            pendingSignals += 1
            pthread_cond_signal(workAvailable)
        } else if timerWaiter, !timerWaiterSignalled {
            timerWaiterSignalled = true
            pthread_cond_signal(timerDue)
        } else if started < workers {
            startWorker()
        }
    }

    private func startWorker() {
        started += 1
        do {
            try SystemThread.start(name: "shim-worker") { [self] in work() }
        } catch {
            started -= 1
            // With no worker at all nothing would ever run: that is not recoverable.
            precondition(started > 0, "ShimExecutor: cannot start a worker thread: \(error.message)")
        }
    }

    /// A worker's life: run due jobs; when there are none, wait for the next. Never returns.
    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            while let due = timers.popDue(now: SystemClock.monotonicNanos()) { jobs.append(due) }
            if head < jobs.count {
                let job = jobs[head]
                head += 1
                if head == jobs.count { jobs.removeAll(keepingCapacity: jobs.capacity <= 64); head = 0 }
                pthread_mutex_unlock(mutex)
                job.runSynchronously(on: asUnownedTaskExecutor())
                pthread_mutex_lock(mutex)
                continue
            }
            if let deadline = timers.earliestDeadline, !timerWaiter {
                timerWaiter = true
                var until = SystemClock.timeSpec(nanoseconds: deadline)
                pthread_cond_timedwait(timerDue, mutex, &until)
                timerWaiter = false
                timerWaiterSignalled = false
                continue
            }
            waitingForWork += 1
            pthread_cond_wait(workAvailable, mutex)
            waitingForWork -= 1
            if pendingSignals > 0 { pendingSignals -= 1 }
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// The factory `ShimExecutor.install()` hands to the Concurrency runtime.
enum ShimExecutorFactory: ExecutorFactory {
    static let shared = ShimExecutor()
    static var defaultExecutor: any TaskExecutor { shared }
    static var mainExecutor: any MainExecutor { UnusedMainExecutor.shared }
}

/// The shim never runs main-actor code after `main.swift` hands over to a detached task (the
/// main thread parks in `Signals.parkMainThread`); a job sent here is a programming error.
final class UnusedMainExecutor: MainExecutor, @unchecked Sendable {
    static let shared = UnusedMainExecutor()
    func enqueue(_ job: consuming ExecutorJob) {
        fatalError("ShimExecutor: main-actor work was scheduled, but the main thread is parked")
    }
    func run() throws { fatalError("ShimExecutor: the main executor does not run") }
    func stop() {}
    var isMainExecutor: Bool { true }
}
