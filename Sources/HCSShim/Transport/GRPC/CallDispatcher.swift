/// Routes an incoming gRPC call to its handler and maps the outcome to the call's status.
///
/// Status mapping, done once here: a thrown `ShimError` becomes (code, message); any other
/// error is UNKNOWN (`ShimError.classify`); an unknown service or method is UNIMPLEMENTED.
/// The client's deadline and metadata reach the handler through `RPCContext`. While the handler
/// runs, a `RECV_CLOSE_ON_SERVER` batch watches the call: when the client cancels, disconnects
/// or its deadline passes, the handler's task is cancelled.
struct CallDispatcher: Sendable {
    let methods: MethodTable
    let bidirectional: [String: BidirectionalHandler]

    /// Serves `call` to completion. The call is released when this returns.
    func serve(_ call: Call) async {
        let context = RPCContext(
            metadata: call.metadata,
            deadlineNanos: call.deadlineRemainingNanos.map { SystemClock.monotonicNanos() &+ $0 })
        let path = call.method
        let handling = Task { await respond(to: call, path: path, context: context) }
        let (closed, _) = await call.perform([.receiveCloseOnServer])
        if closed?.cancelled ?? true { handling.cancel() }
        await handling.value
    }

    private func respond(to call: Call, path: String, context: RPCContext) async {
        if let handler = bidirectional[path] {
            let sink = ServerStreamSink(call: call)
            await finish(call, sink: sink) {
                try await handler(Self.requests(of: call), context, sink)
                return nil
            }
            return
        }
        let handler: MethodHandler
        do {
            let (service, method) = try Self.split(path)
            handler = try methods.handler(service: service, method: method)
        } catch {
            _ = await call.perform([.sendInitialMetadata([]), Self.status(ShimError.classify(error))])
            return
        }
        let sink = ServerStreamSink(call: call)
        await finish(call, sink: sink) {
            let request = try await Self.request(of: call)
            switch handler {
            case .unary(let body):
                return try await body(request, context)
            case .serverStreaming(let body):
                try await body(request, context, sink)
                return nil
            }
        }
    }

    /// Runs `body` and sends its reply, if any, and the status: OK, or the error's.
    private func finish(_ call: Call, sink: ServerStreamSink, _ body: () async throws -> [UInt8]?) async {
        var operations: [Operation]
        do {
            let reply = try await body()
            operations = [.sendStatusFromServer(code: 0, details: "")]
            if let reply { operations.insert(.sendMessage(reply), at: 0) }
        } catch {
            operations = [Self.status(ShimError.classify(error))]
        }
        if sink.claimInitialMetadata() { operations.insert(.sendInitialMetadata([]), at: 0) }
        _ = await call.perform(operations)
    }

    private static func status(_ error: ShimError) -> Operation {
        .sendStatusFromServer(code: error.code.rawValue, details: error.message)
    }

    /// `/package.Service/Method` → (`package.Service`, `Method`); UNIMPLEMENTED otherwise.
    static func split(_ path: String) throws(ShimError) -> (service: String, method: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            throw ShimError.unimplemented("malformed method path \(path)")
        }
        return (String(parts[1]), String(parts[2]))
    }

    /// The one request message of a unary or server-streaming call.
    private static func request(of call: Call) async throws(ShimError) -> [UInt8] {
        let (batch, success) = await call.perform([.receiveMessage])
        guard success else { throw ShimError(.canceled, "grpc: the client went away") }
        guard let message = batch?.message else {
            throw ShimError(.invalidArgument, "grpc: the client sent no request message")
        }
        return message
    }

    /// The client's messages, read one batch at a time until it half-closes.
    private static func requests(of call: Call) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream {
            let (batch, success) = await call.perform([.receiveMessage])
            guard success else { throw ShimError(.canceled, "grpc: the client went away") }
            return batch?.message
        }
    }
}
