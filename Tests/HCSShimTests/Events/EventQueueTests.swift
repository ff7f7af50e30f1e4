import Synchronization
import Testing
@testable import HCSShim

/// A forwarder that fails its first `failures` attempts, then records what it accepts.
final class FlakyForwarder: EventForwarder {
    private let state: Mutex<(failuresLeft: Int, attempts: Int, accepted: [UInt64])>

    init(failures: Int) { state = Mutex((failures, 0, [])) }

    func forward(_ event: SequencedEvent) async throws {
        try state.withLock { state in
            state.attempts += 1
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw ShimError.unavailable("containerd is down")
            }
            state.accepted.append(event.sequence)
        }
    }

    var accepted: [UInt64] { state.withLock { $0.accepted } }
    var attempts: Int { state.withLock { $0.attempts } }
}

@Suite struct EventQueueTests {
    func fastQueue() -> EventQueue {
        var configuration = EventQueue.Configuration()
        configuration.initialBackoff = .milliseconds(1)
        configuration.maximumBackoff = .milliseconds(4)
        configuration.historyLimit = 8
        return EventQueue(namespace: "ns", configuration: configuration)
    }

    @Test func failedDeliveriesAreRetriedInOrderAndNothingIsDropped() async {
        let queue = fastQueue()
        let forwarder = FlakyForwarder(failures: 20)  // far beyond the Go shim's 5 requeues
        let pump = Task { await queue.forward(to: forwarder) }
        for index in 0..<50 { queue.publish(.oom(containerID: "c\(index)")) }
        #expect(await queue.drain(timeout: .seconds(5)))
        pump.cancel()
        #expect(forwarder.accepted == Array(1...50))
        #expect(forwarder.attempts == 70)
    }

    @Test func drainTimesOutWhileTheParentIsDown() async {
        let queue = fastQueue()
        let forwarder = FlakyForwarder(failures: .max)
        let pump = Task { await queue.forward(to: forwarder) }
        queue.publish(.start(containerID: "c1", pid: 1))
        #expect(await queue.drain(timeout: .milliseconds(50)) == false)
        #expect(queue.pendingCount == 1)
        pump.cancel()
    }

    @Test func subscribersSeeLiveEventsFilteredAndResumeFromASequence() async {
        let queue = fastQueue()
        queue.publish(.create(containerID: "a", bundle: "/b", rootfs: [], io: StdioPaths(), checkpoint: "", pid: 1))
        let live = queue.subscribe(EventFilter(topics: ["/tasks/exit"]))
        queue.publish(.start(containerID: "a", pid: 1))
        queue.publish(.exit(containerID: "a", id: "a", pid: 1, status: .exited(0)))
        var iterator = live.events.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.sequence == 3 && first?.event.topic == "/tasks/exit")

        let resumed = queue.subscribe(EventFilter(), resumeAfter: 1)
        #expect(!resumed.historyTrimmed)
        var replay = resumed.events.makeAsyncIterator()
        #expect(await replay.next()?.sequence == 2)
        #expect(await replay.next()?.sequence == 3)
    }

    @Test func resumingBehindTheRetainedHistoryIsReported() async {
        let queue = fastQueue()  // keeps 8
        for index in 0..<20 { queue.publish(.oom(containerID: "c\(index)")) }
        let resumed = queue.subscribe(EventFilter(), resumeAfter: 2)
        #expect(resumed.historyTrimmed)
        var iterator = resumed.events.makeAsyncIterator()
        #expect(await iterator.next()?.sequence == 13)
        #expect(!queue.subscribe(EventFilter(), resumeAfter: 12).historyTrimmed)
    }

    @Test func cancelledSubscriptionsAreRemoved() async throws {
        let queue = fastQueue()
        let consumer = Task {
            for await _ in queue.subscribe(EventFilter()).events {}
        }
        try await Task.sleep(for: .milliseconds(20))
        #expect(queue.subscriberCount == 1)
        consumer.cancel()
        try await Task.sleep(for: .milliseconds(20))
        #expect(queue.subscriberCount == 0)
    }
}
