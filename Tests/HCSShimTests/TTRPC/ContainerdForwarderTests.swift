import Foundation
import Synchronization
import Testing
@testable import HCSShim

extension TTRPCTests {
    @Suite(.serialized) struct ContainerdForwarderTests {
        /// A stand-in for containerd's Events service: records each forwarded envelope and
        /// the namespace metadata it came with.
        final class EventsService: Sendable {
            let received = Mutex<[(envelope: Envelope, namespace: String?)]>([])

            var table: MethodTable {
                TestMethods.table { table in
                    table.register(service: ContainerdForwarder.service, method: "Forward", .unary { request, context in
                        let forward = try ForwardRequest(unpacking: request)
                        guard let envelope = forward.envelope else { throw ShimError.invalidArgument("no envelope") }
                        self.received.withLock { $0.append((envelope, context.namespace)) }
                        return EmptyMessage().packed()
                    })
                }
            }

            func waitForCount(_ count: Int) async -> Bool {
                for _ in 0..<500 {
                    if received.withLock({ $0.count }) >= count { return true }
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return false
            }
        }

        @Test func queuedEventsArriveInOrderAsEnvelopes() async throws {
            let events = EventsService()
            let fixture = try TTRPCFixture(methods: events.table)
            let forwarder = ContainerdForwarder(address: "unix://" + fixture.path)
            let queue = EventQueue(namespace: "k8s.io")
            let pump = Task { await queue.forward(to: forwarder) }
            queue.publish(.start(containerID: "c1", pid: 42))
            queue.publish(.oom(containerID: "c1"))
            queue.publish(.exit(
                containerID: "c1", id: "c1", pid: 42, status: ExitStatus(code: 137, exitedAt: Timestamp(seconds: 5, nanos: 6))))
            #expect(await events.waitForCount(3))
            let received = events.received.withLock { $0 }
            #expect(received.map(\.envelope.topic) == ["/tasks/start", "/tasks/oom", "/tasks/exit"])
            #expect(received.allSatisfy { $0.envelope.namespace == "k8s.io" && $0.namespace == "k8s.io" })
            #expect(received.allSatisfy { ($0.envelope.timestamp?.seconds ?? 0) > 0 })
            let exit = try ShimEvent(try #require(received.last?.envelope.event))
            #expect(exit == .exit(
                containerID: "c1", id: "c1", pid: 42, status: ExitStatus(code: 137, exitedAt: Timestamp(seconds: 5, nanos: 6))))
            pump.cancel()
            await fixture.close()
        }

        @Test func reconnectsAfterTheServerComesBack() async throws {
            let first = EventsService()
            let directory = try TTRPCFixture.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/containerd.sock.ttrpc"
            var fixture = try TTRPCFixture(methods: first.table, path: path)
            let forwarder = ContainerdForwarder(address: path)
            let event = SequencedEvent(
                sequence: 1, timestamp: Timestamp(seconds: 1, nanos: 0), namespace: "default",
                event: .start(containerID: "c", pid: 1))
            try await forwarder.forward(event)
            #expect(first.received.withLock { $0.count } == 1)

            // containerd restarts: the old connection is gone, nothing listens for a moment.
            await fixture.close()
            var failure: ShimError?
            do { try await forwarder.forward(event) } catch { failure = ShimError.classify(error) }
            #expect(failure?.code == .unavailable)

            let second = EventsService()
            fixture = try TTRPCFixture(methods: second.table, path: path)
            try await forwarder.forward(event)
            #expect(second.received.withLock { $0.count } == 1)
            await fixture.close()
        }
    }
}
