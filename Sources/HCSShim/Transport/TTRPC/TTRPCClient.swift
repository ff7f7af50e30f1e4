import Synchronization

/// A ttrpc client on one unix socket connection: unary calls, any number in flight, matched
/// to their responses by stream id (odd, from 1). The shim uses it to forward events to
/// containerd (`containerd.services.events.ttrpc.v1.Events/Forward`); tests use it too.
///
/// Threads: none of its own. One reader task owns the receive side and, at the end, the
/// descriptor; callers write request frames through a shared `FrameWriter`. When the
/// connection is lost, or after `close()`, every pending and later call fails with UNAVAILABLE.
/// The reader keeps the client alive until the connection ends: call `close()` when done.
final class TTRPCClient: Sendable {
    struct State {
        var nextStreamID: UInt32 = 1
        var pending: [UInt32: ResponseSlot] = [:]
        var failure: ShimError?
        /// Set by the reader, under the lock, just before it closes the descriptor.
        var isReleased = false
    }

    let fd: Int32
    let writer: FrameWriter
    let state = Mutex(State())

    /// Connects to `address`, a socket path with or without a `unix://` prefix. UNAVAILABLE
    /// when nothing listens there.
    init(connectingTo address: String) throws(ShimError) {
        let path = address.hasPrefix("unix://") ? String(address.dropFirst("unix://".count)) : address
        fd = try Socket.connect(path: path)
        // A fresh number: drop any registration left behind by a closed predecessor.
        EventLoop.shared.cancelWaits(on: fd)
        writer = FrameWriter(fd: fd)
        Task { [self] in await readResponses() }
    }

    /// Calls `service`/`method` with an encoded request and returns the encoded response.
    /// A non-OK status from the server is thrown as that `ShimError`. `timeout` is sent as
    /// `timeout_nano` and also bounds the local wait (DEADLINE_EXCEEDED). Canceling the calling
    /// task fails the call with CANCELED (the server may still run it).
    func call(
        service: String, method: String, payload: [UInt8],
        metadata: [(key: String, value: String)] = [], timeout: Duration? = nil
    ) async throws(ShimError) -> [UInt8] {
        let request = TTRPCRequest(
            service: service, method: method, payload: payload,
            timeoutNano: timeout.map { Int64(clamping: SystemClock.nanoseconds($0)) } ?? 0,
            metadata: metadata.map { TTRPCKeyValue(key: $0.key.lowercased(), value: $0.value) })
        let data = request.packed()
        guard data.count <= MessageHeader.maxDataLength else {
            throw ShimError(.resourceExhausted, FrameCodec.oversizedMessage(data.count))
        }
        // The stream id is taken under the writer, so ids reach the server in increasing
        // order however many calls race (a ttrpc 1.2 server refuses a smaller id).
        var opened: (streamID: UInt32, slot: ResponseSlot)?
        do {
            try await writer.write { () throws(ShimError) in
                let call = try open()
                opened = call
                return try Frame.encode(streamID: call.streamID, type: .request, data: data)
            }
        } catch {
            if let opened { fail(opened.streamID, with: error) }
            throw error
        }
        guard let (streamID, slot) = opened else { throw ShimError.internal("ttrpc: call not opened") }
        let timer = timeout.map { timeout in
            Task { [self] in
                guard await Timers.shared.wait(for: timeout) else { return }
                fail(streamID, with: ShimError(.deadlineExceeded, "ttrpc: \(service)/\(method): deadline exceeded"))
            }
        }
        defer { timer?.cancel() }
        let outcome = await withTaskCancellationHandler {
            await slot.outcome()
        } onCancel: {
            fail(streamID, with: ShimError(.canceled, "ttrpc: \(service)/\(method): canceled"))
        }
        let response = try outcome.get()
        if let error = response.status?.error { throw error }
        return response.payload
    }

    /// The typed form of `call`: packs `request`, unpacks the response as `Response`. A
    /// response that does not decode is INTERNAL (the server broke the method's contract).
    func call<Response: WireMessage>(
        service: String, method: String, request: some WireMessage,
        metadata: [(key: String, value: String)] = [], timeout: Duration? = nil,
        returning: Response.Type = Response.self
    ) async throws(ShimError) -> Response {
        let bytes = try await call(
            service: service, method: method, payload: request.packed(), metadata: metadata, timeout: timeout)
        do {
            return try Response(unpacking: bytes)
        } catch {
            throw ShimError.internal("ttrpc: \(service)/\(method): bad response: \(error.message)")
        }
    }

    /// Hangs up. Pending calls fail with UNAVAILABLE; the reader closes the descriptor.
    func close() {
        state.withLock { state in
            state.failure = state.failure ?? ShimError.unavailable("ttrpc: client closed")
            // Under the lock, so the descriptor cannot have been closed and reused meanwhile.
            if !state.isReleased { Socket.shutdown(fd) }
        }
    }
}
