#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

/// The pool as a task executor (`executorPreference`): the shim binary installs the same type
/// as the global executor, which the end-to-end tests exercise.
@Suite struct ShimExecutorTests {
    @Test func runsManyTasksOnAFewWorkers() async {
        let executor = ShimExecutor(workers: 2)
        let sum = await withTaskGroup(of: Int.self) { group in
            for value in 1...500 {
                group.addTask(executorPreference: executor) { value }
            }
            return await group.reduce(0, +)
        }
        #expect(sum == 500 * 501 / 2)
        #expect(executor.workerCount <= 2)
    }

    /// As many jobs as there are workers run at once, each on its own thread (each blocks its
    /// thread until all have arrived), and the pool does not grow past its size.
    @Test func runsOneJobPerWorkerAtOnceAndStaysAtItsSize() async throws {
        let executor = ShimExecutor(workers: 3)
        let arrived = Locked(0)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<3 {
                group.addTask(executorPreference: executor) {
                    arrived.withLock { $0 += 1 }
                    let deadline = ContinuousClock.now + .seconds(10)
                    while arrived.withLock({ $0 }) < 3, ContinuousClock.now < deadline { usleep(1_000) }
                    return arrived.withLock { $0 } == 3
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == [true, true, true])
        for _ in 0..<200 { _ = await Task(executorPreference: executor) { 1 }.value }
        #expect(executor.workerCount == 3)
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
