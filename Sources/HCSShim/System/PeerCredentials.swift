#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// The process credentials of a unix socket's peer, as the kernel recorded them at connect
/// (`SO_PEERCRED`), or of this process. Values, not proof of a live process: the pid may have
/// exited since.
struct PeerCredentials: Sendable, Equatable, CustomStringConvertible {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// The peer of the connected socket `fd`.
    static func of(socket fd: Int32) throws(ShimError) -> PeerCredentials {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        guard csystem_peer_credentials(fd, &pid, &uid, &gid) == 0 else {
            throw errnoError("getsockopt SO_PEERCRED")
        }
        return PeerCredentials(pid: pid, uid: uid, gid: gid)
    }

    /// This process with its effective uid and gid: what a peer must match to be "the same user".
    static var current: PeerCredentials {
        PeerCredentials(pid: getpid(), uid: geteuid(), gid: getegid())
    }

    var description: String { "pid \(pid) uid \(uid) gid \(gid)" }
}
