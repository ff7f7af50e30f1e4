extension ShimListener {
    /// Which protocol an accepted connection speaks, judged from its first bytes.
    enum ConnectionProtocol: Equatable {
        case ttrpc
        case grpc
        case unknown

        /// The client connection preface of HTTP/2 (RFC 9113 §3.4), first thing a gRPC client sends.
        static let http2Preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

        /// Classifies a non-empty prefix of the stream. A ttrpc frame starts with the high byte of
        /// a length of at most 4 MiB, so 0x00; an HTTP/2 stream starts with the preface, of which
        /// any received prefix is accepted (the peer may not have sent all 24 bytes yet).
        init(prefix: [UInt8]) {
            if prefix.first == 0x00 {
                self = .ttrpc
            } else if !prefix.isEmpty,
                      Self.http2Preface.starts(with: prefix) || prefix.starts(with: Self.http2Preface) {
                self = .grpc
            } else {
                self = .unknown
            }
        }
    }

    /// Starts the task that checks and classifies one accepted connection.
    func dispatch(
        _ connection: Int32, server: TTRPCServer, handshake: Handshake,
        grpcHandoff: @escaping @Sendable (Int32) -> Void
    ) {
        guard track(connection) else {
            Socket.close(connection)
            return
        }
        Task {
            let watchdog = ConnectionWatchdog(fd: connection, limit: classificationLimit, what: "protocol preface")
            watchdog.arm()
            var kind = await classify(connection, handshake: handshake, watchdog: watchdog)
            await watchdog.stop()
            if watchdog.hasFired { kind = .unknown }
            untrack(connection)
            switch kind {
            case .ttrpc:
                server.serve(connection: connection)
            case .grpc:
                EventLoop.shared.cancelWaits(on: connection)
                grpcHandoff(connection)
            case .unknown:
                EventLoop.shared.cancelWaits(on: connection)
                Socket.close(connection)
            }
        }
    }

    /// Peer check, then waits for the first bytes and peeks at them. A refused peer, a peer that
    /// hangs up first, and unrecognised bytes all come back `.unknown` (the connection is closed).
    /// An HTTP/2 preface is handed on only once all of it is there: peeked bytes stay readable,
    /// so the rest of a partial one is polled for (every 20 ms, for that connection only) until
    /// it arrives or the watchdog hangs up.
    private func classify(_ connection: Int32, handshake: Handshake, watchdog: ConnectionWatchdog) async -> ConnectionProtocol {
        let preface = ConnectionProtocol.http2Preface.count
        do {
            try handshake.admit(socket: connection)
            while !watchdog.hasFired {
                let (result, prefix) = try Socket.peek(connection, count: preface)
                switch result {
                case .bytes:
                    let kind = ConnectionProtocol(prefix: prefix)
                    guard kind == .grpc, prefix.count < preface else { return kind }
                    guard await Timers.shared.wait(for: .milliseconds(20)) else { return .unknown }
                case .endOfFile: return .unknown
                case .wouldBlock: try await EventLoop.shared.waitReadable(connection)
                }
            }
            return .unknown
        } catch {
            return .unknown
        }
    }
}
