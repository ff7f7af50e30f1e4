import Foundation
import Testing
@testable import HCSShim

extension GRPCTests {
    /// Threads the gRPC core and the completion-queue bridge start must block every signal:
    /// the shim takes signals through one thread (signalfd), which fails if another thread
    /// could receive them.
    @Suite struct GRPCThreadSignalTests {
        @Test func grpcThreadsBlockAllSignals() async throws {
            let none = GRPCRuntime.LiveHandles(queues: 0, servers: 0, channels: 0, calls: 0, batches: 0)
            try await settle { GRPCRuntime.liveHandles == none }
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            let before = Set(Self.threads().map(\.id))
            let server = GRPCServer(methods: EchoService.methods())
            // Start the core from a thread that blocks no signal at all (the test runner's own
            // threads block most of them, which would hide the inheritance this guards against).
            let client = try await Self.onThreadWithNoSignalsBlocked { () throws(ShimError) -> GRPCClient in
                try server.listen(unixPath: socket.path)
                return try GRPCClient(unixPath: socket.path)
            }
            for _ in 0..<20 {
                _ = try await client.unary(service: EchoService.name, method: "Echo", request: [1])
            }
            // Other suites may start threads meanwhile (dispatch workers, test fixtures): judge
            // the gRPC core's threads, by the names libgrpc 1.51 gives them, and our pollers.
            let started = Self.threads().filter { !before.contains($0.id) && Self.grpcThreadNames.contains($0.name) }
            // The core's threads and both completion-queue pollers, at least.
            #expect(started.count >= 4, "\(started)")
            #expect(started.contains { $0.name == "grpc-server-cq" })
            #expect(started.contains { $0.name == "grpc-client-cq" })
            for thread in started {
                let mask = UInt64(thread.blocked, radix: 16) ?? 0
                let open = Self.asynchronousSignals.filter { mask & (1 << UInt64($0 - 1)) == 0 }
                #expect(open.isEmpty, "thread \(thread) leaves signals \(open) unblocked")
            }
            await server.shutdown()
        }

        static func onThreadWithNoSignalsBlocked<T: Sendable>(
            _ body: @escaping @Sendable () throws(ShimError) -> T
        ) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    var empty = sigset_t()
                    sigemptyset(&empty)
                    pthread_sigmask(SIG_SETMASK, &empty, nil)
                    continuation.resume(with: Result { () throws(ShimError) -> T in try body() })
                }.start()
            }
        }

        static let grpcThreadNames: Set = [
            "default-executo", "resolver-execut", "grpc_global_tim", "event_engine", "timer_manager",
            "grpc-server-cq", "grpc-client-cq",
        ]

        /// SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGCHLD, SIGWINCH: the signals a
        /// shim handles. (The core unblocks synchronous ones, SEGV and the like, on purpose.)
        static let asynchronousSignals = [1, 2, 3, 10, 12, 15, 17, 28]

        struct ThreadInfo: CustomStringConvertible {
            var id: String
            var name: String
            var blocked: String
            var description: String { "\(id) \(name) \(blocked)" }
        }

        static func threads() -> [ThreadInfo] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.compactMap { id in
                guard let status = try? String(contentsOfFile: "/proc/self/task/\(id)/status", encoding: .utf8) else { return nil }
                let fields = Dictionary(status.split(separator: "\n").compactMap { line -> (String, String)? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2 else { return nil }
                    return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
                }, uniquingKeysWith: { first, _ in first })
                return ThreadInfo(id: id, name: fields["Name"] ?? "", blocked: fields["SigBlk"] ?? "")
            }
        }
    }
}
