import Testing
@testable import HCSShim

@Suite struct TimersTests {
    let timers = Timers()

    @Test func waitLastsAtLeastItsDuration() async {
        let start = ContinuousClock.now
        #expect(await timers.wait(for: .milliseconds(60)))
        #expect(ContinuousClock.now - start >= .milliseconds(60))
    }

    @Test func concurrentWaitsEndInDeadlineOrder() async {
        let order = Locked<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for delay in [600, 200, 400, 20] {
                group.addTask {
                    _ = await timers.wait(for: .milliseconds(delay))
                    order.withLock { $0.append(delay) }
                }
            }
        }
        #expect(order.withLock { $0 } == [20, 200, 400, 600])
    }

    /// A cancelled wait ends at once (the test would hang for an hour otherwise), reporting the
    /// cancellation, and leaves no pending deadline behind: the point of `Timers`, where
    /// `Task.sleep` would keep its job until the deadline.
    @Test func cancelledWaitEndsAndLeavesNothingPending() async throws {
        let sleeper = Task { () -> Bool in
            await timers.wait(for: .seconds(3600))
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while timers.pendingCount == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(timers.pendingCount == 1)
        sleeper.cancel()
        #expect(await sleeper.value == false)
        #expect(timers.pendingCount == 0)
    }

    @Test func waitInAnAlreadyCancelledTaskReturnsAtOnce() async {
        let task = Task { () -> Bool in
            withUnsafeCurrentTask { $0?.cancel() }
            return await timers.wait(for: .seconds(3600))
        }
        #expect(await task.value == false)
        #expect(timers.pendingCount == 0)
    }
}
