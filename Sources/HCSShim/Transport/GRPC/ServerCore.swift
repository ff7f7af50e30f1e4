import CGRPC
import Synchronization

/// The started half of `GRPCServer`: the C server, its completion queue and the accept loop.
///
/// Owns the `cgrpc_server`. Created on the first connection (or `listen`), which is when the
/// C core is initialised. The accept loop keeps one `grpc_server_request_call` outstanding and
/// hands each incoming call to the dispatcher in a task of its own.
final class ServerCore: Sendable {
    let queue: CompletionQueue
    /// The `cgrpc_server`, owned; destroyed by `shutdown()`.
    nonisolated(unsafe) let server: OpaquePointer
    private let dispatcher: CallDispatcher

    /// Starts the C core, the server and its accept loop. Throws `.resourceExhausted` when the
    /// core cannot start, `.unavailable` when `address` cannot be bound.
    init(listeningOn address: String?, dispatcher: CallDispatcher) throws(ShimError) {
        let queue = try CompletionQueue(name: "grpc-server-cq", runtime: GRPCRuntime.acquire())
        guard let server = cgrpc_server_create(queue.handle) else {
            queue.shutdown()
            throw ShimError(.resourceExhausted, "grpc: cannot create the server")
        }
        if let address, cgrpc_server_add_insecure_port(server, address) == 0 {
            cgrpc_server_destroy(server)
            queue.shutdown()
            throw ShimError(.unavailable, "grpc listen: cannot bind \(address)")
        }
        cgrpc_server_start(server)
        self.queue = queue
        self.server = server
        self.dispatcher = dispatcher
        Task { await self.acceptCalls() }
    }

    private func acceptCalls() async {
        while let call = await nextCall() {
            let dispatcher = self.dispatcher
            Task { await dispatcher.serve(call) }
        }
    }

    /// The next incoming call, or nil once the server shuts down.
    private func nextCall() async -> Call? {
        var shell: OpaquePointer?
        let accepted = await queue.submit(keepAlive: []) { tag in
            shell = cgrpc_server_request_call(server, tag)
            return shell != nil
        }
        // The shell is ours either way: wrapping it releases it when the request failed.
        guard let shell else { return nil }
        let call = Call(handle: shell, queue: queue)
        return accepted ? call : nil
    }

    /// Server shutdown → (after `grace`) cancel the calls still running → destroy → queue
    /// shutdown → drain → destroy. Calls that finish within `grace` (a unary reply on its way
    /// out, `Shutdown`'s own above all) complete normally; endless streams are cancelled.
    /// Call once.
    func shutdown(grace: Duration = .zero) async {
        // Guards the C server against a late cancel: `destroy` happens only after `done` is set.
        let done = Mutex(false)
        let canceller = Task.detached { [server] in
            if grace > .zero { try? await Task.sleep(for: grace) }
            done.withLock { finished in if !finished { cgrpc_server_cancel_all_calls(server) } }
        }
        _ = await queue.submit(keepAlive: []) { tag in
            cgrpc_server_shutdown(server, tag)
            return true
        }
        done.withLock { $0 = true }
        canceller.cancel()
        cgrpc_server_destroy(server)
        queue.shutdown()
        await queue.waitUntilFinished()
    }
}
