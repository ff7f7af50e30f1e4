import Testing
@testable import HCSShim

extension GRPCTests {
    /// Many calls, clients and servers: nothing may accumulate — C handles (calls, batches and
    /// the buffers, slices and metadata they own), pending operations, threads, fds.
    @Suite struct GRPCResourceTests {
        @Test func manyCallsLeaveNoHandlesOrPendingOperations() async throws {
            try await GRPCTests.GRPCLoopbackTests.withServer { server, client in
                // Warm up: the first call starts the core's lazily created threads and connection.
                _ = try await client.unary(service: EchoService.name, method: "Echo", request: [1])
                let fds = ProcessCensus.openDescriptorCount()
                let threads = ProcessCensus.threadCount()
                // At rest: the server's and the client's queues, the server, the channel, and the
                // server's one outstanding request for the next call (a call shell).
                let handles = GRPCRuntime.LiveHandles(queues: 2, servers: 1, channels: 1, calls: 1, batches: 0)
                try await settle { GRPCRuntime.liveHandles == handles }
                #expect(GRPCRuntime.liveHandles == handles)

                for round in 0..<300 {
                    let payload = [UInt8](repeating: UInt8(truncatingIfNeeded: round), count: round * 37)
                    let reply = try await client.unary(
                        service: EchoService.name, method: "Echo", request: payload,
                        metadata: [("x-round", "\(round)")], timeoutNanos: 10_000_000_000)
                    #expect(reply == payload)
                    _ = try? await client.unary(service: EchoService.name, method: "Fail", request: [5])
                    _ = try? await client.unary(service: EchoService.name, method: "Missing", request: [])
                }
                for _ in 0..<30 {
                    var count = 0
                    for try await _ in client.serverStreaming(service: EchoService.name, method: "Count", request: [20]) {
                        count += 1
                    }
                    #expect(count == 20)
                }
                // A stream abandoned half-way is cancelled, not leaked.
                for _ in 0..<10 {
                    for try await _ in client.serverStreaming(service: EchoService.name, method: "Count", request: [200]) {
                        break
                    }
                }
                try await settle { GRPCRuntime.liveHandles == handles && client.pendingOperations == 0 }
                #expect(GRPCRuntime.liveHandles == handles)
                #expect(client.pendingOperations == 0)
                // One request for the next call is always outstanding on the server; nothing else.
                #expect(server.pendingOperations == 1)
                // Fds and threads are counted process-wide and other suites run beside this one:
                // allow them some, still far below one per call (700 calls were made). The exact
                // check is the live-handle count above.
                #expect(ProcessCensus.openDescriptorCount() <= fds + 64)
                #expect(ProcessCensus.threadCount() <= threads + 16)
            }
        }

        @Test func shutdownReleasesEveryHandle() async throws {
            let none = GRPCRuntime.LiveHandles(queues: 0, servers: 0, channels: 0, calls: 0, batches: 0)
            // Earlier tests' clients may still be draining on their poller threads.
            try await settle { GRPCRuntime.liveHandles == none }
            #expect(GRPCRuntime.liveHandles == none)
            for _ in 0..<10 {
                try await GRPCTests.GRPCLoopbackTests.withServer { _, client in
                    for _ in 0..<3 {
                        _ = try await client.unary(service: EchoService.name, method: "Echo", request: [1, 2])
                    }
                    // A stream still open at server shutdown is cancelled, not left behind.
                    var iterator = client.serverStreaming(
                        service: EchoService.name, method: "Count", request: [255]).makeAsyncIterator()
                    _ = try await iterator.next()
                }
            }
            // Clients are gone with their scope; their poller threads drain and destroy the queues.
            try await settle { GRPCRuntime.liveHandles == none }
            #expect(GRPCRuntime.liveHandles == none)
        }

        @Test func droppedServerTearsItselfDown() async throws {
            let none = GRPCRuntime.LiveHandles(queues: 0, servers: 0, channels: 0, calls: 0, batches: 0)
            try await settle { GRPCRuntime.liveHandles == none }
            let socket = GRPCTestSocket()
            defer { socket.cleanup() }
            do {
                let server = GRPCServer(methods: EchoService.methods())
                try server.listen(unixPath: socket.path)
                let client = try GRPCClient(unixPath: socket.path)
                #expect(try await client.unary(service: EchoService.name, method: "Echo", request: [4]) == [4])
                #expect(GRPCRuntime.liveHandles.servers == 1)
            }
            try await settle { GRPCRuntime.liveHandles == none }
            #expect(GRPCRuntime.liveHandles == none)
        }

        @Test func idleServerNeverStartsTheCore() async {
            let before = GRPCRuntime.liveHandles
            let server = GRPCServer(methods: EchoService.methods())
            #expect(!server.isStarted)
            #expect(GRPCRuntime.liveHandles == before)
            await server.shutdown()
            #expect(GRPCRuntime.liveHandles == before)
        }
    }
}

/// Waits up to 3 s for asynchronous teardown (poller threads, closing connections).
func settle(_ done: () -> Bool) async throws {
    for _ in 0..<150 where !done() {
        try await Task.sleep(nanoseconds: 20_000_000)
    }
}
