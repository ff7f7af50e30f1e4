#if HCSSHIM_FUZZ
// Internal decoders (FrameCodec, StdioSpec, JSONValue) need a testable import, which only the
// debug fuzz build provides; without HCSSHIM_FUZZ this file is empty, so release builds work.
@testable import HCSShim

/// The `wire` target: every message a client can send, plus the service-side conversions that
/// interpret nested `Any` options, so malformed payloads inside valid envelopes are reached.
extension FuzzTarget {
    /// Decoders indexed by the input's first byte (modulo the count).
    static let decoders: [@Sendable ([UInt8]) -> Void] = [
        { bytes in
            if let request = try? CreateTaskRequest(unpacking: bytes) { _ = try? request.containerSpec(namespace: "fuzz") }
        },
        { _ = try? StartRequest(unpacking: $0) },
        { _ = try? DeleteRequest(unpacking: $0) },
        { bytes in
            if let request = try? ExecProcessRequest(unpacking: bytes) { _ = request.execSpec }
        },
        { _ = try? ResizePtyRequest(unpacking: $0) },
        { _ = try? StateRequest(unpacking: $0) },
        { _ = try? KillRequest(unpacking: $0) },
        { _ = try? CloseIORequest(unpacking: $0) },
        { _ = try? PidsRequest(unpacking: $0) },
        { bytes in
            if let request = try? CheckpointTaskRequest(unpacking: bytes) { _ = try? request.checkpointSpec() }
        },
        { _ = try? UpdateTaskRequest(unpacking: $0) },
        { _ = try? WaitRequest(unpacking: $0) },
        { _ = try? StatsRequest(unpacking: $0) },
        { _ = try? ConnectRequest(unpacking: $0) },
        { _ = try? ShutdownRequest(unpacking: $0) },
        { _ = try? PauseRequest(unpacking: $0) },
        { _ = try? ResumeRequest(unpacking: $0) },
        { _ = try? TTRPCRequest(unpacking: $0) },
        { _ = try? TTRPCResponse(unpacking: $0) },
        { _ = try? StatusMessage(unpacking: $0) },
        { _ = try? SubscribeRequest(unpacking: $0) },
        { _ = try? ServerReflectionRequest(unpacking: $0) },
        // `start`'s stdin: an Any of runtime options, or containerd 2.x's BootstrapParams.
        { bytes in
            if let payload = try? TypedPayload(unpacking: bytes) {
                _ = try? payload.unpacked(as: RuncOptions.self)
                _ = try? payload.unpacked(as: GenericRuntimeOptions.self)
            }
        },
        { _ = try? BootstrapParams(unpacking: $0) },
        { _ = try? RuncOptions(unpacking: $0) },
        { _ = try? GenericRuntimeOptions(unpacking: $0) },
        { _ = try? CheckpointOptions(unpacking: $0) },
        { _ = try? EmptyMessage(unpacking: $0) },
    ]

    static func wire(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let decode = decoders[Int(first) % decoders.count]
        decode(Array(bytes.dropFirst()))
    }
}
#endif
