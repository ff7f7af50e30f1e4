/// Typed registration: decode the request once, call the body, encode the answer. This is the
/// one place where every RPC's request-decoding error becomes `.invalidArgument`.
extension MethodTable {
    public mutating func registerUnary<Request: WireMessage, Response: WireMessage>(
        service: String, method: String,
        _ body: @escaping @Sendable (Request, RPCContext) async throws -> Response
    ) {
        register(service: service, method: method, .unary { bytes, context in
            let request = try Request(unpacking: bytes)
            return try await body(request, context).packed()
        })
    }

    public mutating func registerServerStreaming<Request: WireMessage>(
        service: String, method: String,
        _ body: @escaping @Sendable (Request, RPCContext, any StreamSink) async throws -> Void
    ) {
        register(service: service, method: method, .serverStreaming { bytes, context, sink in
            let request = try Request(unpacking: bytes)
            try await body(request, context, sink)
        })
    }
}
