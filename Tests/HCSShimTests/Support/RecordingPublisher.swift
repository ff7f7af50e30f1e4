import Synchronization
@testable import HCSShim

/// Keeps every published event in order and lets a test await a given count of them.
final class RecordingPublisher: EventPublisher {
    private let events = Mutex<[ShimEvent]>([])

    func publish(_ event: ShimEvent) { events.withLock { $0.append(event) } }

    var recorded: [ShimEvent] { events.withLock { $0 } }
    var topics: [String] { recorded.map(\.topic) }

    /// Polls until at least `count` events arrived or two seconds passed; returns them.
    func waitFor(count: Int) async -> [ShimEvent] {
        for _ in 0..<400 {
            let now = recorded
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return recorded
    }
}

/// A thread-safe counter for callbacks a test expects to run a given number of times.
final class CallCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
