/// One server-side ttrpc connection: a read loop that frames the byte stream and one child
/// task per request, writing responses through a shared `FrameWriter`.
///
/// Protocol decisions (ttrpc 1.2 server behaviour, see `PROTOCOL.md`):
/// - A Request whose stream id is even, or not above the previous request's, is answered on
///   that stream with INVALID_ARGUMENT and otherwise ignored.
/// - A frame announcing more than 4 MiB has its data discarded and its stream answered
///   RESOURCE_EXHAUSTED; the connection carries on.
/// - Data frames and unknown types are ignored (no client streaming is served). A
///   server-streaming method answers with Data frames, then a final status-only Response
///   (ttrpc 1.2 streams).
/// - End of input, mid-frame or not, ends the connection: in-flight handlers are canceled.
/// - Back-pressure (`RequestGate`): a frame is taken only while fewer than the limit of
///   requests are unanswered and no reply is stuck on a full socket; otherwise the reader
///   waits and the peer's bytes stay in the kernel.
/// - A frame left incomplete while waiting for the peer longer than `incompleteFrame` drops
///   the connection (`ConnectionWatchdog`); between frames there is no timer.
struct TTRPCConnection: Sendable {
    let fd: Int32
    let methods: MethodTable
    let writer: FrameWriter
    let gate: RequestGate
    let watchdog: ConnectionWatchdog

    init(fd: Int32, methods: MethodTable, gate: RequestGate, incompleteFrame: Duration) {
        self.fd = fd
        self.methods = methods
        self.gate = gate
        self.writer = FrameWriter(fd: fd, gate: gate)
        self.watchdog = ConnectionWatchdog(fd: fd, limit: incompleteFrame, what: "ttrpc frame")
    }

    /// Returns once the peer is gone and every request task has finished; the descriptor is
    /// then unused and the caller closes it.
    func run() async {
        await withDiscardingTaskGroup { group in
            var codec = FrameCodec()
            var streams = StreamIDSequence()
            var buffer = [UInt8].readBuffer(count: 64 * 1024)
            reading: while true {
                // Take the frames already read, each only through an open gate.
                while true {
                    if !gate.isOpen {
                        watchdog.disarm()  // the wait is ours, not the peer's
                        await gate.waitUntilOpen()
                    }
                    guard let event = codec.next() else { break }
                    watchdog.restart()
                    handle(event, streams: &streams, group: &group)
                }
                if codec.isMidFrame { watchdog.arm() } else { watchdog.disarm() }
                do throws(ShimError) {
                    switch try Socket.read(fd, into: &buffer) {
                    case .bytes(let count):
                        codec.append(buffer[..<count])
                    case .wouldBlock:
                        try await EventLoop.shared.waitReadable(fd)
                    case .endOfFile:
                        break reading
                    }
                } catch {
                    break reading
                }
            }
            await watchdog.stop()
            group.cancelAll()
        }
        await writer.finish()
    }

    private func handle(_ event: FrameCodec.Event, streams: inout StreamIDSequence, group: inout DiscardingTaskGroup) {
        switch event {
        case .oversized(let header):
            let error = ShimError(.resourceExhausted, FrameCodec.oversizedMessage(Int(header.dataLength)))
            gate.enter()
            group.addTask { await send(TTRPCResponse.failure(error), on: header.streamID) }
        case .frame(let frame) where frame.type == .request:
            gate.enter()
            if let refusal = streams.admit(frame.streamID) {
                group.addTask { await send(TTRPCResponse.failure(refusal), on: frame.streamID) }
            } else {
                group.addTask { await send(await respond(to: frame.data, on: frame.streamID), on: frame.streamID) }
            }
        case .frame:
            break
        }
    }

    /// Decodes, dispatches and runs one request; every failure becomes a status. A
    /// server-streaming method sends its messages as Data frames on `streamID` first.
    private func respond(to data: [UInt8], on streamID: UInt32) async -> TTRPCResponse {
        do throws(ShimError) {
            let request: TTRPCRequest
            do {
                request = try TTRPCRequest(unpacking: data)
            } catch {
                throw ShimError.invalidArgument("ttrpc: bad request: \(error.message)")
            }
            let handler = try methods.handler(service: request.service, method: request.method)
            let context = RPCContext(request)
            switch handler {
            case .unary(let body):
                let payload = try await Self.run(until: context.deadlineNanos) {
                    try await body(request.payload, context)
                }
                return TTRPCResponse(payload: payload)
            case .serverStreaming(let body):
                let sink = TTRPCStreamSink(streamID: streamID, writer: writer)
                _ = try await Self.run(until: context.deadlineNanos) {
                    try await body(request.payload, context, sink)
                    return []
                }
                return TTRPCResponse()
            }
        } catch {
            return TTRPCResponse.failure(error)
        }
    }

    /// Writes the final Response frame of a stream and lets the gate take another request. A
    /// response too large to send becomes a RESOURCE_EXHAUSTED status; a failed write means
    /// the peer is gone and is dropped.
    private func send(_ response: TTRPCResponse, on streamID: UInt32) async {
        defer {
            // The last reply of a burst that met the gate: what it freed sits below live
            // chunks until the heap is trimmed (tens of microseconds, once per burst).
            if gate.leave() { ShimProcess.releaseFreeHeap() }
        }
        let frame: [UInt8]
        do {
            frame = try Frame.encode(streamID: streamID, type: .response, data: response.packed())
        } catch {
            guard let status = try? Frame.encode(streamID: streamID, type: .response, data: TTRPCResponse.failure(error).packed())
            else { return }
            frame = status
        }
        try? await writer.write(frame)
    }
}

/// The bridges between ttrpc's payload messages and the transport-neutral types.
extension TTRPCResponse {
    /// A failed call: the status, and no payload (as the Go server sends it).
    static func failure(_ error: ShimError) -> TTRPCResponse {
        TTRPCResponse(status: StatusMessage(error), payload: [])
    }
}

extension RPCContext {
    /// Metadata with lower-cased keys (Go's metadata is case-insensitive) and the deadline
    /// `timeout_nano` from now, on the monotonic clock.
    init(_ request: TTRPCRequest) {
        let deadline = request.timeoutNano > 0
            ? SystemClock.monotonicNanos() + UInt64(request.timeoutNano)
            : nil
        self.init(
            metadata: request.metadata.map { (key: $0.key.lowercased(), value: $0.value) },
            deadlineNanos: deadline)
    }
}
