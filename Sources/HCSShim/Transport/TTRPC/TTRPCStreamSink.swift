/// The server side of one ttrpc 1.2 server stream: each message goes out as a Data frame
/// (type 3, flags 0) on the request's stream id; the connection sends the final Response
/// (status only) when the handler returns.
///
/// Contract of `StreamSink`: `send` throws CANCELED once the client is gone (the write failed
/// or the connection's tasks were canceled), and the handler should then return.
struct TTRPCStreamSink: StreamSink {
    let streamID: UInt32
    let writer: FrameWriter

    func send(_ message: [UInt8]) async throws {
        if Task.isCancelled { throw ShimError(.canceled, "ttrpc: stream \(streamID): canceled") }
        let frame = try Frame.encode(streamID: streamID, type: .data, data: message)
        do {
            try await writer.write(frame)
        } catch {
            throw ShimError(.canceled, "ttrpc: stream \(streamID): client gone: \(error.message)")
        }
    }
}
