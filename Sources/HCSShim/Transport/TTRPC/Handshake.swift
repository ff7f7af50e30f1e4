/// Decides, from the kernel's record of who connected (`SO_PEERCRED`), whether a peer may talk
/// to the shim at all. `ShimListener` runs it on every accepted connection before reading a
/// byte, so it guards ttrpc and gRPC alike.
///
/// The default mirrors ttrpc's `UnixSocketRequireSameUser`: the peer's uid and gid must equal
/// this process's effective uid and gid. containerd applies the same rule to the shim on its
/// own socket.
struct Handshake: Sendable {
    /// For messages and logs: which policy refused a peer.
    let name: String
    private let admits: @Sendable (PeerCredentials) -> Bool

    init(name: String, admits: @escaping @Sendable (PeerCredentials) -> Bool) {
        self.name = name
        self.admits = admits
    }

    /// Peer euid and egid equal to ours.
    static var sameUser: Handshake {
        let own = PeerCredentials.current
        return requireUser(uid: own.uid, gid: own.gid)
    }

    /// Peer uid and gid equal to the given ones (ttrpc's `UnixSocketRequireUidGid`).
    static func requireUser(uid: UInt32, gid: UInt32) -> Handshake {
        Handshake(name: "require uid \(uid) gid \(gid)") { $0.uid == uid && $0.gid == gid }
    }

    /// Admits every peer the socket file's mode lets through.
    static let anyUser = Handshake(name: "any user") { _ in true }

    /// The peer of `fd` if the policy admits it. Throws PERMISSION_DENIED for a refused peer,
    /// or the classified errno when the credentials cannot be read; the caller closes `fd`.
    @discardableResult
    func admit(socket fd: Int32) throws(ShimError) -> PeerCredentials {
        let peer = try PeerCredentials.of(socket: fd)
        guard admits(peer) else {
            throw ShimError(.permissionDenied, "peer \(peer) refused: \(name)")
        }
        return peer
    }
}
