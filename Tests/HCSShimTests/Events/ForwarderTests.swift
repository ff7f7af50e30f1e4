import Synchronization
import Testing
@testable import HCSShim

@Suite struct ForwarderTests {
    @Test func fanOutDeliversEachEventOnceToEveryTargetDespiteRetries() async {
        let flaky = FlakyForwarder(failures: 3)
        let steady = FlakyForwarder(failures: 0)
        var configuration = EventQueue.Configuration()
        configuration.initialBackoff = .milliseconds(1)
        let queue = EventQueue(namespace: "ns", configuration: configuration)
        let pump = Task { await queue.forward(to: FanOutForwarder([steady, flaky])) }
        for index in 0..<10 { queue.publish(.oom(containerID: "c\(index)")) }
        #expect(await queue.drain(timeout: .seconds(5)))
        pump.cancel()
        #expect(steady.accepted == Array(1...10))  // not re-sent while the other was retried
        #expect(flaky.accepted == Array(1...10))
    }

    @Test func grpcForwarderCallsEventsForwardOnARealServer() async throws {
        let received = Mutex<[Envelope]>([])
        var methods = MethodTable()
        methods.registerUnary(service: "containerd.services.events.v1.Events", method: "Forward") { (request: ForwardRequest, _) in
            if let envelope = request.envelope { received.withLock { $0.append(envelope) } }
            return EmptyMessage()
        }
        let directory = try Files.makeTemporaryDirectory(prefix: "fwd")
        defer { Files.removeDirectory(directory) }
        let server = GRPCServer(methods: methods)
        try server.listen(unixPath: directory + "/engine.sock")
        let forwarder = GRPCForwarder(address: "unix://" + directory + "/engine.sock")
        let event = SequencedEvent(
            sequence: 1, timestamp: Timestamp(seconds: 1_700_000_000, nanos: 0), namespace: "k8s.io",
            event: .exit(containerID: "c1", id: "c1", pid: 7, status: ExitStatus(code: 3, exitedAt: Timestamp(seconds: 9, nanos: 0))))
        try await forwarder.forward(event)
        await server.shutdown()
        let envelopes = received.withLock { $0 }
        #expect(envelopes.count == 1)
        #expect(envelopes.first?.topic == "/tasks/exit" && envelopes.first?.namespace == "k8s.io")
        #expect(try envelopes.first?.event.map { try ShimEvent($0) } == event.event)
    }

    @Test func grpcForwarderFailsWhileNoEngineListens() async throws {
        let forwarder = GRPCForwarder(address: "/nonexistent/engine.sock")
        let event = SequencedEvent(sequence: 1, timestamp: .now(), namespace: "ns", event: .oom(containerID: "c"))
        await #expect(throws: ShimError.self) { try await forwarder.forward(event) }
    }
}
