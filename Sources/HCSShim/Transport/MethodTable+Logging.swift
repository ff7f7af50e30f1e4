import Synchronization

/// Counts the calls being served, for the SIGUSR1 dump. Cheap: one atomic add per call.
public final class InFlightCalls: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    public var current: Int { count.load(ordering: .relaxed) }

    func enter() { count.add(1, ordering: .relaxed) }
    func leave() { count.subtract(1, ordering: .relaxed) }
}

extension MethodTable {
    /// The same table with every handler wrapped: counted in `calls` while it runs and, with
    /// `-debug`, logged once when it ends (`/service/method`, duration, status code) — one place
    /// for both transports. Handler behaviour and errors are unchanged.
    public func instrumented(counting calls: InFlightCalls) -> MethodTable {
        var table = MethodTable()
        for service in services {
            for method in methods(of: service) {
                guard let handler = try? handler(service: service, method: method) else { continue }
                let name = "/\(service)/\(method)"
                switch handler {
                case .unary(let body):
                    table.register(service: service, method: method, .unary { request, context in
                        try await Self.observe(name, calls) { try await body(request, context) }
                    })
                case .serverStreaming(let body):
                    table.register(service: service, method: method, .serverStreaming { request, context, sink in
                        try await Self.observe(name, calls) { try await body(request, context, sink) }
                    })
                }
            }
        }
        return table
    }

    private static func observe<T>(_ name: String, _ calls: InFlightCalls, _ body: () async throws -> T) async throws -> T {
        calls.enter()
        let started = ContinuousClock.now
        defer { calls.leave() }
        do {
            let result = try await body()
            if Log.isEnabled(.debug) { Log.debug("rpc", ["method": name, "duration": micros(since: started)]) }
            return result
        } catch {
            if Log.isEnabled(.debug) {
                let failure = ShimError.classify(error)
                Log.debug("rpc", ["method": name, "duration": micros(since: started), "code": failure.code, "error": failure.message])
            }
            throw error
        }
    }

    /// `1234us`: short, and sorts and greps better than `Duration`'s description.
    private static func micros(since start: ContinuousClock.Instant) -> String {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return "\(seconds * 1_000_000 + attoseconds / 1_000_000_000_000)us"
    }
}
