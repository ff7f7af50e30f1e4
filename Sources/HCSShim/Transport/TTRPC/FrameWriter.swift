import Synchronization

/// Writes whole frames to one non-blocking socket, one frame at a time, in arrival order.
///
/// Concurrent request tasks share a connection; each frame must reach the socket contiguous.
/// A writer that finds the socket full suspends on `EventLoop.waitWritable` (never blocking a
/// cooperative thread), and the others queue behind it on continuations. After the first
/// failure, or `finish()`, every write fails fast with UNAVAILABLE. The writer never closes the
/// descriptor: its owner does, after `finish()` returned. A server connection passes its
/// `RequestGate`, which is told while a frame is stuck on a full socket.
final class FrameWriter: Sendable {
    private struct State {
        var busy = false
        var queue: [CheckedContinuation<Void, Never>] = []
        var failure: ShimError?
    }

    private let fd: Int32
    private let gate: RequestGate?
    private let state = Mutex(State())

    init(fd: Int32, gate: RequestGate? = nil) {
        self.fd = fd
        self.gate = gate
    }

    func write(_ bytes: [UInt8]) async throws(ShimError) {
        try await write { () throws(ShimError) in bytes }
    }

    /// Writes the frame `makeFrame` builds once this writer holds the socket. Whatever
    /// `makeFrame` numbers (a client's stream ids) therefore reaches the peer in that order.
    /// If it throws, nothing is written and the error is rethrown.
    func write(_ makeFrame: () throws(ShimError) -> [UInt8]) async throws(ShimError) {
        await acquire()
        defer { release() }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        let bytes = try makeFrame()
        var stalled = false
        defer { if stalled { gate?.setStalled(false) } }
        do {
            var offset = 0
            while offset < bytes.count {
                if let written = try Socket.write(fd, bytes[offset...]) {
                    offset += written
                } else {
                    if !stalled { stalled = true; gate?.setStalled(true) }
                    try await EventLoop.shared.waitWritable(fd)
                }
            }
        } catch {
            let failure = ShimError.unavailable("ttrpc: write failed: \(error.message)")
            state.withLock { $0.failure = $0.failure ?? failure }
            throw failure
        }
    }

    /// Waits for the frame being written (if any) and fails all later writes. After it
    /// returns no write touches the descriptor, so the owner may close it.
    func finish() async {
        await acquire()
        state.withLock { $0.failure = $0.failure ?? ShimError.unavailable("ttrpc: connection closed") }
        release()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.busy {
                    state.queue.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Hands the socket to the next queued writer, or marks it free.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.queue.isEmpty {
                state.busy = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.resume()
    }
}
