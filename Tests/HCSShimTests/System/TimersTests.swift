import Testing
@testable import HCSShim

@Suite struct TimersTests {
    let timers = Timers()

    @Test func sleepLastsAtLeastItsDuration() async throws {
        let start = ContinuousClock.now
        try await timers.sleep(for: .milliseconds(60))
        #expect(ContinuousClock.now - start >= .milliseconds(60))
    }

    @Test func concurrentSleepsWakeInDeadlineOrder() async throws {
        let order = Locked<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for delay in [90, 30, 60, 10] {
                group.addTask {
                    try? await timers.sleep(for: .milliseconds(delay))
                    order.withLock { $0.append(delay) }
                }
            }
        }
        #expect(order.withLock { $0 } == [10, 30, 60, 90])
    }

    /// A cancelled sleep ends at once with `.canceled` and leaves no pending deadline behind
    /// (the point of `Timers`: `Task.sleep` would keep its job until the deadline).
    @Test func cancelledSleepEndsAtOnceAndLeavesNothingPending() async throws {
        let sleeper = Task { () -> ShimError? in
            do throws(ShimError) { try await timers.sleep(for: .seconds(3600)); return nil } catch { return error }
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while timers.pendingCount == 0, ContinuousClock.now < deadline { await Task.yield() }
        #expect(timers.pendingCount == 1)
        let start = ContinuousClock.now
        sleeper.cancel()
        let error = await sleeper.value
        #expect(error?.code == .canceled)
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(timers.pendingCount == 0)
    }

    @Test func sleepInAnAlreadyCancelledTaskThrowsCanceled() async {
        let task = Task { () -> ShimError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(ShimError) { try await timers.sleep(for: .seconds(3600)); return nil } catch { return error }
        }
        #expect(await task.value?.code == .canceled)
        #expect(timers.pendingCount == 0)
    }
}
