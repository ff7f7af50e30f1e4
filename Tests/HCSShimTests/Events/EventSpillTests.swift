import Synchronization
import Testing
@testable import HCSShim

/// A parent engine that refuses everything until `open()`, then records what it accepts.
final class GatedForwarder: EventForwarder {
    private let state = Mutex((open: false, accepted: [UInt64](), topics: [String]()))

    func open() { state.withLock { $0.open = true } }

    func forward(_ event: SequencedEvent) async throws {
        try state.withLock { state in
            guard state.open else { throw ShimError.unavailable("containerd is down") }
            state.accepted.append(event.sequence)
            state.topics.append(event.event.topic)
        }
    }

    var accepted: [UInt64] { state.withLock { $0.accepted } }
}

@Suite struct EventSpillTests {
    func spillingQueue(limit: Int) throws -> (EventQueue, String) {
        let directory = try Files.makeTemporaryDirectory(prefix: "spill")
        var configuration = EventQueue.Configuration()
        configuration.initialBackoff = .milliseconds(1)
        configuration.maximumBackoff = .milliseconds(2)
        configuration.memoryLimit = limit
        configuration.spillPath = directory + "/events.spill"
        return (EventQueue(namespace: "ns", configuration: configuration), directory)
    }

    @Test func memoryStaysBoundedWhileTheParentIsStuckAndTheSpillReplaysInOrder() async throws {
        let (queue, directory) = try spillingQueue(limit: 16)
        defer { Files.removeDirectory(directory) }
        let forwarder = GatedForwarder()
        let pump = Task { await queue.forward(to: forwarder) }
        for index in 0..<500 {
            queue.publish(.exit(containerID: "c\(index % 7)", id: "e\(index)", pid: UInt32(index), status: .exited(Int32(index % 256))))
        }
        try await Task.sleep(for: .milliseconds(30))
        let (inMemory, spilled) = queue.state.withLock { ($0.inMemory, $0.spill?.count ?? 0) }
        #expect(inMemory <= 16)
        #expect(spilled == 500 - inMemory)
        #expect((Files.size(directory + "/events.spill") ?? 0) > 0)
        forwarder.open()
        #expect(await queue.drain(timeout: .seconds(5)))
        pump.cancel()
        #expect(forwarder.accepted == Array(1...500))
        #expect(Files.size(directory + "/events.spill") == 0)  // emptied once read back
    }

    @Test func spilledEventsKeepTheirFields() throws {
        let directory = try Files.makeTemporaryDirectory(prefix: "spill")
        defer { Files.removeDirectory(directory) }
        let spill = try EventSpill(path: directory + "/s")
        let event = SequencedEvent(
            sequence: 42, timestamp: Timestamp(seconds: 1_700_000_000, nanos: 7), namespace: "k8s.io",
            event: .exit(containerID: "c1", id: "c1", pid: 9, status: ExitStatus(code: 137, exitedAt: Timestamp(seconds: 5, nanos: 6))))
        try spill.append(event)
        try spill.append(SequencedEvent(sequence: 43, timestamp: event.timestamp, namespace: "k8s.io", event: .oom(containerID: "c1")))
        #expect(try spill.takeOldest(1) == [event])
        #expect(spill.count == 1)
        #expect(try spill.takeOldest(10).map(\.sequence) == [43])
        #expect(spill.count == 0)
    }

    @Test func publishingFromManyTasksKeepsOneOrderForEveryConsumer() async throws {
        let (queue, directory) = try spillingQueue(limit: 8)
        defer { Files.removeDirectory(directory) }
        let subscription = queue.subscribe(EventFilter())
        let forwarder = GatedForwarder()
        forwarder.open()
        let pump = Task { await queue.forward(to: forwarder) }
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<50 { queue.publish(.oom(containerID: "w\(worker)-\(index)")) }
                }
            }
        }
        #expect(await queue.drain(timeout: .seconds(5)))
        pump.cancel()
        var seen: [UInt64] = []
        for await event in subscription.events {
            seen.append(event.sequence)
            if seen.count == 400 { break }
        }
        #expect(seen == Array(1...400))
        #expect(forwarder.accepted == Array(1...400))
    }
}
