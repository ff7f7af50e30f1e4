import Synchronization
@testable import HCSShim

/// A small method table for the gRPC transport tests, `test.Echo`:
/// - `Echo`: returns the request; `Fail`: throws the ShimError whose code is the request's
///   first byte, message "fail: <rest as text>"; `Crash`: throws a non-ShimError;
/// - `Context`: replies "<namespace>|<deadline set?>|<ms left>";
/// - `Sleep`: sleeps (cancellably) the request's first byte × 100 ms, recording cancellation;
/// - `Count` (server-streaming): sends the request's first byte many one-byte messages 0, 1, …;
///   `CountThenFail`: the same, then throws NOT_FOUND "count: done";
///   `Forever`: sends a message every 10 ms until the send fails, recording that.
enum EchoService {
    static let name = "test.Echo"

    /// Records what handlers observed, shared with the test that owns it.
    final class Observations: Sendable {
        let cancelledSleeps = Mutex(0)
        let endedStreams = Mutex<[ShimError.Code]>([])
    }

    static func methods(_ observations: Observations = Observations()) -> MethodTable {
        var table = MethodTable()
        table.register(service: name, method: "Echo", .unary { request, _ in request })
        table.register(service: name, method: "Fail", .unary { request, _ in
            let code = ShimError.Code(rawValue: Int32(request.first ?? 2)) ?? .unknown
            throw ShimError(code, "fail: " + String(decoding: request.dropFirst(), as: UTF8.self))
        })
        table.register(service: name, method: "Crash", .unary { _, _ in throw Unrelated() })
        table.register(service: name, method: "Context", .unary { _, context in
            let left = context.deadlineNanos.map { deadline in
                (Int64(bitPattern: deadline) - Int64(bitPattern: SystemClock.monotonicNanos())) / 1_000_000
            }
            let text = "\(context.namespace ?? "-")|\(context.deadlineNanos != nil)|\(left ?? -1)"
            return Array(text.utf8)
        })
        table.register(service: name, method: "Sleep", .unary { request, _ in
            do {
                try await Task.sleep(nanoseconds: UInt64(request.first ?? 1) * 100_000_000)
            } catch {
                observations.cancelledSleeps.withLock { $0 += 1 }
                throw error
            }
            return request
        })
        table.register(service: name, method: "Count", .serverStreaming { request, _, sink in
            for index in 0..<Int(request.first ?? 0) {
                try await sink.send([UInt8(truncatingIfNeeded: index)])
            }
        })
        table.register(service: name, method: "CountThenFail", .serverStreaming { request, _, sink in
            for index in 0..<Int(request.first ?? 0) {
                try await sink.send([UInt8(truncatingIfNeeded: index)])
            }
            throw ShimError.notFound("count: done")
        })
        table.register(service: name, method: "Forever", .serverStreaming { _, _, sink in
            do {
                while true {
                    try await sink.send([1])
                    try await Task.sleep(nanoseconds: 10_000_000)
                }
            } catch {
                observations.endedStreams.withLock { $0.append(ShimError.classify(error).code) }
                throw error
            }
        })
        return table
    }

    struct Unrelated: Error {}
}
