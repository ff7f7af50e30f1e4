/// Receives the messages of a server-streaming call, in order. `send` throws `.canceled`
/// once the client has gone; a handler should then return.
public protocol StreamSink: Sendable {
    func send(_ message: [UInt8]) async throws
}

/// A method's implementation over encoded messages. Handlers throw `ShimError` (any other
/// error is reported as UNKNOWN); the transport maps it to a status once.
public enum MethodHandler: Sendable {
    case unary(@Sendable (_ request: [UInt8], _ context: RPCContext) async throws -> [UInt8])
    case serverStreaming(
        @Sendable (_ request: [UInt8], _ context: RPCContext, _ sink: any StreamSink) async throws -> Void)
}

/// The methods both transports serve, keyed by fully qualified service name and method name
/// (`containerd.task.v2.Task`, `Create`). Built once at the composition root, then read-only.
public struct MethodTable: Sendable {
    private var handlers: [String: [String: MethodHandler]] = [:]

    public init() {}

    public mutating func register(service: String, method: String, _ handler: MethodHandler) {
        handlers[service, default: [:]][method] = handler
    }

    /// The handler, or the UNIMPLEMENTED error ttrpc itself gives for an unknown service or method.
    public func handler(service: String, method: String) throws(ShimError) -> MethodHandler {
        guard let methods = handlers[service] else { throw ShimError.unimplemented("service \(service)") }
        guard let handler = methods[method] else { throw ShimError.unimplemented("method \(method)") }
        return handler
    }

    /// Registered services, sorted, for reflection.
    public var services: [String] { handlers.keys.sorted() }

    public func methods(of service: String) -> [String] { (handlers[service] ?? [:]).keys.sorted() }
}
