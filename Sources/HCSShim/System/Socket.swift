#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Unix stream socket calls for the transports, on raw descriptors.
///
/// Contracts: every descriptor made here is `O_CLOEXEC` and `O_NONBLOCK` (the transports wait
/// for readiness on `EventLoop.shared`, never in a syscall); the caller owns it and releases it
/// with `close(_:)` after `EventLoop.cancelWaits(on:)`. Failures are classified once, here, from
/// errno into `ShimError` by `errnoError`.
enum Socket {
    /// Outcome of a non-blocking read.
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfFile
        case wouldBlock
    }

    /// Creates, binds and listens on a pathname socket with mode 0600. The mode is set after
    /// `bind` and before `listen`, so no peer can connect while the file still has the umask's
    /// mode (a bound, non-listening socket refuses connections), and the process umask, shared
    /// by every thread, is left alone. Never abstract: an empty path is refused.
    static func listen(path: String, backlog: Int32 = 128) throws(ShimError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw errnoError("socket") }
        do throws(ShimError) {
            try check(csystem_unix_bind(fd, path), "bind \(path)")
            try check(chmod(path, 0o600), "chmod \(path)")
            try check(Glibc.listen(fd, backlog), "listen \(path)")
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Connects to a pathname socket, then switches the descriptor to non-blocking. The connect
    /// itself blocks only while the listener's backlog is full, which a unix socket resolves
    /// at once or refuses. Absent or refusing listeners are UNAVAILABLE.
    static func connect(path: String) throws(ShimError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw errnoError("socket") }
        do throws(ShimError) {
            if csystem_unix_connect(fd, path) != 0 {
                // No socket file is "nobody listening" for a client, as ECONNREFUSED is.
                let code = errno
                throw code == ENOENT
                    ? ShimError.unavailable("connect \(path): no such socket")
                    : errnoError("connect \(path)", code)
            }
            try setNonBlocking(fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec descriptor; nil when
    /// none is pending (or it vanished before accept, ECONNABORTED).
    static func accept(_ listener: Int32) throws(ShimError) -> Int32? {
        while true {
            let fd = csystem_accept_nonblocking(listener)
            if fd >= 0 { return fd }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK, ECONNABORTED: return nil
            default: throw errnoError("accept", code)
            }
        }
    }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(ShimError) -> ReadResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case ECONNRESET: return .endOfFile
            default: throw errnoError("recv", code)
            }
        }
    }

    /// Reads into the start of `buffer` (its count is the most read).
    static func read(_ fd: Int32, into buffer: inout [UInt8]) throws(ShimError) -> ReadResult {
        let result = buffer.withUnsafeMutableBytes { bytes in Result { () throws(ShimError) in try read(fd, into: bytes) } }
        return try result.get()
    }

    /// Copies up to `count` waiting bytes without consuming them; `.wouldBlock` if none yet.
    static func peek(_ fd: Int32, count: Int) throws(ShimError) -> (ReadResult, [UInt8]) {
        var bytes = [UInt8](repeating: 0, count: count)
        while true {
            let received = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, Int32(MSG_PEEK | MSG_DONTWAIT)) }
            if received > 0 { return (.bytes(received), Array(bytes.prefix(received))) }
            if received == 0 { return (.endOfFile, []) }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return (.wouldBlock, [])
            case ECONNRESET: return (.endOfFile, [])
            default: throw errnoError("recv", code)
            }
        }
    }

    /// Writes as much of `bytes` as the socket takes now; nil when it takes nothing (full).
    /// MSG_NOSIGNAL: a vanished peer is an UNAVAILABLE error, not a process-killing SIGPIPE.
    static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws(ShimError) -> Int? {
        while true {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { return sent }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw errnoError("send", code)
            }
        }
    }

    static func setNonBlocking(_ fd: Int32) throws(ShimError) {
        try FileDescriptor(rawValue: fd).setNonBlocking()
    }

    static func setCloseOnExec(_ fd: Int32) throws(ShimError) {
        let flags = fcntl(fd, F_GETFD)
        guard flags >= 0 else { throw errnoError("fcntl F_GETFD") }
        try check(fcntl(fd, F_SETFD, flags | FD_CLOEXEC), "fcntl F_SETFD")
    }

    /// Stops further reads and writes in both directions; a blocked peer sees end of file.
    static func shutdown(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func unlink(path: String) {
        _ = Glibc.unlink(path)
    }

    private static func check(_ result: Int32, _ operation: String) throws(ShimError) {
        if result != 0 { throw errnoError(operation) }
    }
}
