/// The pending-call table and the receive side of `TTRPCClient`.
extension TTRPCClient {
    /// Numbers a new call and parks a slot for its response. Throws the connection's failure
    /// once it has one.
    func open() throws(ShimError) -> (streamID: UInt32, slot: ResponseSlot) {
        try state.withLock { state throws(ShimError) in
            if let failure = state.failure { throw failure }
            let id = state.nextStreamID
            state.nextStreamID &+= 2
            let slot = ResponseSlot()
            state.pending[id] = slot
            return (id, slot)
        }
    }

    /// Ends one call with `error`, if it is still pending.
    func fail(_ streamID: UInt32, with error: ShimError) {
        let slot = state.withLock { $0.pending.removeValue(forKey: streamID) }
        slot?.complete(.failure(error))
    }

    /// Reads Response frames until the connection ends, then fails what is pending and
    /// closes the descriptor. Responses for unknown streams (a call that timed out) and other
    /// frame types are dropped; an undecodable response fails only its call.
    func readResponses() async {
        var codec = FrameCodec()
        var buffer = [UInt8].readBuffer(count: 64 * 1024)
        var lost = ShimError.unavailable("ttrpc: connection closed by peer")
        reading: while true {
            do throws(ShimError) {
                let result = try Socket.read(fd, into: &buffer)
                switch result {
                case .bytes(let count):
                    codec.append(buffer[..<count])
                    while let event = codec.next() { deliver(event) }
                case .wouldBlock:
                    try await EventLoop.shared.waitReadable(fd)
                case .endOfFile:
                    break reading
                }
            } catch {
                lost = ShimError.unavailable("ttrpc: connection lost: \(error.message)")
                break reading
            }
        }
        let (pending, failure) = state.withLock { state in
            let failure = state.failure ?? lost
            state.failure = failure
            defer { state.pending = [:] }
            return (state.pending, failure)
        }
        for slot in pending.values { slot.complete(.failure(failure)) }
        await writer.finish()
        state.withLock { state in
            state.isReleased = true
            EventLoop.shared.cancelWaits(on: fd)
            Socket.close(fd)
        }
    }

    private func deliver(_ event: FrameCodec.Event) {
        switch event {
        case .oversized(let header):
            fail(header.streamID, with: ShimError(.resourceExhausted, FrameCodec.oversizedMessage(Int(header.dataLength))))
        case .frame(let frame) where frame.type == .response:
            let slot = state.withLock { $0.pending.removeValue(forKey: frame.streamID) }
            guard let slot else { return }
            do throws(ShimError) {
                slot.complete(.success(try TTRPCResponse(unpacking: frame.data)))
            } catch {
                slot.complete(.failure(.internal("ttrpc: bad response: \(error.message)")))
            }
        case .frame:
            break
        }
    }
}
