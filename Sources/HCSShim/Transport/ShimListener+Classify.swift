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
            let kind = await classify(connection, handshake: handshake)
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
    private func classify(_ connection: Int32, handshake: Handshake) async -> ConnectionProtocol {
        do {
            try handshake.admit(socket: connection)
            while true {
                let (result, prefix) = try Socket.peek(connection, count: ConnectionProtocol.http2Preface.count)
                switch result {
                case .bytes: return ConnectionProtocol(prefix: prefix)
                case .endOfFile: return .unknown
                case .wouldBlock: try await EventLoop.shared.waitReadable(connection)
                }
            }
        } catch {
            return .unknown
        }
    }
}
