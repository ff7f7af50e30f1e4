import Foundation
import Testing
@testable import HCSShim

/// `TTRPCClient` against containerd's own ttrpc server (Go ttrpc 1.1 in containerd 1.6),
/// the way the shim publishes events. Opt-in: set `HCSSHIM_CONTAINERD_TTRPC` to the ttrpc
/// address of a running containerd (its `[ttrpc] address`), as root.
extension TTRPCTests {
    @Suite(.enabled(if: ProcessInfo.processInfo.environment["HCSSHIM_CONTAINERD_TTRPC"] != nil))
    struct TTRPCContainerdInteropTests {
        static let events = "containerd.services.events.ttrpc.v1.Events"

        var address: String { ProcessInfo.processInfo.environment["HCSSHIM_CONTAINERD_TTRPC"] ?? "" }

        @Test func forwardIsAccepted() async throws {
            let client = try TTRPCClient(connectingTo: address)
            defer { client.close() }
            let response = try await client.call(
                service: Self.events, method: "Forward",
                payload: Self.forwardRequest(namespace: "default", topic: "/tasks/oom"),
                metadata: [(key: "containerd-namespace-ttrpc", value: "default")],
                timeout: .seconds(5))
            #expect(response.isEmpty)  // google.protobuf.Empty
        }

        @Test func forwarderDeliversQueuedEvents() async throws {
            let forwarder = ContainerdForwarder(address: address)
            let queue = EventQueue(namespace: "default")
            let pump = Task { await queue.forward(to: forwarder) }
            defer { pump.cancel() }
            queue.publish(.start(containerID: "interop-forwarder", pid: 4242))
            queue.publish(.exit(
                containerID: "interop-forwarder", id: "interop-forwarder", pid: 4242,
                status: ExitStatus(code: 3, exitedAt: Timestamp.now())))
            // containerd accepted both (a refusal would keep them in the backlog).
            #expect(await queue.drain(timeout: .seconds(5)))
        }

        @Test func containerdStatusesMapToShimErrors() async throws {
            let client = try TTRPCClient(connectingTo: address)
            defer { client.close() }
            // containerd validates the topic: no leading slash is INVALID_ARGUMENT.
            await #expect(throws: ShimError.self) {
                try await client.call(
                    service: Self.events, method: "Forward",
                    payload: Self.forwardRequest(namespace: "default", topic: "tasks/oom"))
            }
            do {
                _ = try await client.call(
                    service: Self.events, method: "Forward",
                    payload: Self.forwardRequest(namespace: "default", topic: "tasks/oom"))
            } catch {
                #expect(error.code == .invalidArgument)
            }
            do {
                _ = try await client.call(service: Self.events, method: "NoSuchMethod", payload: [])
                Issue.record("unknown method succeeded")
            } catch {
                #expect(error.code == .unimplemented)
                #expect(error.message.contains("NoSuchMethod"))
            }
            // The connection survives errors: a valid call still goes through.
            _ = try await client.call(
                service: Self.events, method: "Forward",
                payload: Self.forwardRequest(namespace: "default", topic: "/tasks/oom"))
        }

        /// `ForwardRequest{1 envelope: Envelope{1 timestamp, 2 namespace, 3 topic, 4 event Any}}`
        /// with a `TaskOOM{container_id}` event, encoded by hand for independence from Wire/.
        static func forwardRequest(namespace: String, topic: String) -> [UInt8] {
            let now = Date().timeIntervalSince1970
            let timestamp = varintField(1, UInt64(now)) + varintField(2, UInt64((now - now.rounded(.down)) * 1e9))
            let oom = bytesField(1, Array("interop-test".utf8))
            let any = bytesField(1, Array("containerd.events.TaskOOM".utf8)) + bytesField(2, oom)
            let envelope = bytesField(1, timestamp) + bytesField(2, Array(namespace.utf8))
                + bytesField(3, Array(topic.utf8)) + bytesField(4, any)
            return bytesField(1, envelope)
        }

        static func varint(_ value: UInt64) -> [UInt8] {
            var value = value
            var bytes: [UInt8] = []
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            return bytes + [UInt8(value)]
        }

        static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] {
            varint(number << 3) + varint(value)
        }

        static func bytesField(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
            varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
        }
    }
}
