import Synchronization

/// The socket a terminal process's runtime hands its pty master back through: a Unix socket
/// in a private (0700) temporary directory, passed to `runc create|exec --console-socket`.
/// runc connects once and sends the master with SCM_RIGHTS.
///
/// Ownership: the socket owns its listening descriptor, any accepted connection and the
/// temporary directory; `close()` releases them all and is idempotent. The received master
/// belongs to the caller (normally handed on to `ProcessIO.attachConsole`).
///
/// Threads: `receiveMaster` suspends on the shared `EventLoop`; `close()` may run concurrently
/// from any thread and makes a pending `receiveMaster` fail with `.canceled`. `state` guards
/// the descriptors and is never held across an await.
final class ConsoleSocket: Sendable {
    /// The socket path to pass as `--console-socket`.
    let path: String
    private let directory: String
    private let state: Mutex<State>

    private struct State {
        var listener: FileDescriptor?
        var connection: FileDescriptor?
        /// A `receiveMaster` is using the descriptors; it closes them if `closed` is set meanwhile.
        var receiving = false
        var closed = false
    }

    private init(directory: String, path: String, listener: FileDescriptor) {
        self.directory = directory
        self.path = path
        self.state = Mutex(State(listener: listener))
    }

    /// Creates and starts listening on a new console socket. Throws the classified errno
    /// (`.resourceExhausted` when out of descriptors, `.permissionDenied` for an unwritable tmp).
    static func make() throws(ShimError) -> ConsoleSocket {
        let (directory, path, listener) = try listenInTemporaryDirectory()
        return ConsoleSocket(directory: directory, path: path, listener: listener)
    }

    /// Waits for the runtime to connect and send the pty master; returns it (non-blocking mode is
    /// left to the caller). Throws `.canceled` if `close()` runs first, `.failedPrecondition`
    /// if called twice at once or after close, `.unavailable` if the peer hung up without
    /// sending a descriptor.
    func receiveMaster() async throws(ShimError) -> FileDescriptor {
        let listener = try state.withLock { state throws(ShimError) -> FileDescriptor in
            guard !state.closed, !state.receiving, let listener = state.listener else {
                throw ShimError(.failedPrecondition, "console socket \(path): closed or already receiving")
            }
            state.receiving = true
            return listener
        }
        defer { endReceiving() }
        while true {
            let connection = try state.withLock { state throws(ShimError) -> FileDescriptor? in
                if state.closed { throw ShimError(.canceled, "console socket \(path): closed") }
                return state.connection
            }
            if let connection {
                switch try Self.receiveDescriptor(connection) {
                case .descriptor(let master, _):
                    return master
                case .closed:
                    throw ShimError(.unavailable, "console socket \(path): peer closed without sending a terminal")
                case .wouldBlock:
                    try await EventLoop.shared.waitReadable(connection.rawValue)
                }
            } else if let accepted = try Self.acceptConnection(listener) {
                state.withLock { $0.connection = accepted }
            } else {
                try await EventLoop.shared.waitReadable(listener.rawValue)
            }
        }
    }

    /// Closes the socket and removes its directory. Idempotent; a pending `receiveMaster` fails
    /// with `.canceled` and its descriptors are closed when it returns.
    func close() {
        let removeFiles = state.withLock { state -> Bool in
            if state.closed { return false }
            state.closed = true
            for fd in [state.listener, state.connection].compactMap({ $0 }) {
                EventLoop.shared.cancelWaits(on: fd.rawValue)
                if state.receiving {
                    fd.replaceWithNullDevice()  // the receiving task closes it (no number reuse race)
                } else {
                    fd.close()
                }
            }
            if !state.receiving {
                state.listener = nil
                state.connection = nil
            }
            return true
        }
        if removeFiles { Self.removeSocketFiles(directory: directory, path: path) }
    }

    private func endReceiving() {
        state.withLock { state in
            state.receiving = false
            // The connection is single-use either way; the listener stays for a retry unless closed.
            if let connection = state.connection {
                EventLoop.shared.cancelWaits(on: connection.rawValue)
                connection.close()
                state.connection = nil
            }
            if state.closed, let listener = state.listener {
                EventLoop.shared.cancelWaits(on: listener.rawValue)
                listener.close()
                state.listener = nil
            }
        }
    }

    deinit {
        close()
    }
}
