#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// The pool as a task executor (`executorPreference`): the shim binary installs the same type
/// as the global executor, which the end-to-end tests exercise.
@Suite struct ShimExecutorTests {
    @Test func runsManyTasksOnAFewWorkers() async {
        let executor = ShimExecutor(minimumWorkers: 2, maximumWorkers: 4)
        let sum = await withTaskGroup(of: Int.self) { group in
            for value in 1...500 {
                group.addTask(executorPreference: executor) { value }
            }
            return await group.reduce(0, +)
        }
        #expect(sum == 500 * 501 / 2)
        #expect((2...4).contains(executor.workerCount))
    }

    /// Jobs that block their thread until all six run at once can only finish if the pool grows
    /// past its minimum; the extra workers leave again once the work is done.
    @Test func growsPastBlockedWorkersAndShrinksWhenIdle() async throws {
        let executor = ShimExecutor(minimumWorkers: 2, maximumWorkers: 8)
        let arrived = Locked(0), sampled = Locked(0)
        // Blocks the calling thread (not just the task) until `counter` reaches 6.
        @Sendable func barrier(_ counter: Locked<Int>) -> Bool {
            counter.withLock { $0 += 1 }
            let deadline = ContinuousClock.now + .seconds(10)
            while counter.withLock({ $0 }) < 6, ContinuousClock.now < deadline { usleep(1_000) }
            return counter.withLock { $0 } == 6
        }
        let workersSeen = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask(executorPreference: executor) {
                    guard barrier(arrived) else { return 0 }
                    let workers = executor.workerCount  // all six hold a thread right now
                    return barrier(sampled) ? workers : 0
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(workersSeen.count == 6)
        #expect(workersSeen.allSatisfy { $0 >= 6 }, "\(workersSeen)")
        let deadline = ContinuousClock.now + .seconds(10)
        while executor.workerCount > 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(executor.workerCount == 2)
    }

    /// `Task.sleep` in a task on the pool waits in the pool's own timer heap, and fires there.
    @Test func sleepsWaitInThePoolTimerHeap() async throws {
        let executor = ShimExecutor()
        let long = Task(executorPreference: executor) { try await Task.sleep(for: .seconds(3600)) }
        let deadline = ContinuousClock.now + .seconds(10)
        while executor.pendingTimerCount == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(executor.pendingTimerCount == 1)
        long.cancel()
        await #expect(throws: CancellationError.self) { try await long.value }

        let short = Task(executorPreference: executor) {
            let start = ContinuousClock.now
            try await Task.sleep(for: .milliseconds(50))
            return ContinuousClock.now - start
        }
        #expect(try await short.value >= .milliseconds(50))
    }
}
