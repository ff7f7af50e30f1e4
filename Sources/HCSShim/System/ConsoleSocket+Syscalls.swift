#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// The Unix-socket half of `ConsoleSocket` (the type itself lives in IO/): a listening socket
/// in a private temporary directory, and SCM_RIGHTS descriptor passing.
extension ConsoleSocket {
    /// What one non-blocking receive produced.
    enum Received {
        case wouldBlock
        /// The peer closed the connection without sending a descriptor.
        case closed
        /// A descriptor (close-on-exec; the caller owns it) and the name sent along with it.
        case descriptor(FileDescriptor, name: String)
    }

    /// Creates a mode-0700 directory under `$TMPDIR` (or /tmp) and a non-blocking, listening
    /// `SOCK_STREAM` socket `pty.sock` inside it. The caller owns the descriptor and removes
    /// both paths with `removeSocketFiles`.
    static func listenInTemporaryDirectory() throws(ShimError) -> (directory: String, path: String, listener: FileDescriptor) {
        var base = "/tmp"
        if let tmp = getenv("TMPDIR"), case let value = String(cString: tmp), !value.isEmpty, value.utf8.count < 64 {
            base = value
        }
        var template = Array("\(base)/hcsshim-pty-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) } != nil
        }
        guard made else { throw errnoError("mkdtemp \(base)") }
        // mkdtemp creates the directory with mode 0700.
        let directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = directory + "/pty.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        if fd < 0 {
            let error = errnoError("socket AF_UNIX")
            rmdir(directory)
            throw error
        }
        let listener = FileDescriptor(rawValue: fd)
        do throws(ShimError) {
            var address = try socketAddress(path)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if bound != 0 { throw errnoError("bind \(path)") }
            if Glibc.listen(fd, 1) != 0 { throw errnoError("listen \(path)") }
        } catch {
            listener.close()
            removeSocketFiles(directory: directory, path: path)
            throw error
        }
        return (directory, path, listener)
    }

    /// Accepts one connection, non-blocking and close-on-exec; `nil` if none is pending.
    static func acceptConnection(_ listener: FileDescriptor) throws(ShimError) -> FileDescriptor? {
        while true {
            let fd = csystem_accept_nonblocking(listener.rawValue)
            if fd >= 0 { return FileDescriptor(rawValue: fd) }
            let code = errno
            switch code {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw errnoError("accept console socket", code)
            }
        }
    }

    /// One `recvmsg` with room for a name and one SCM_RIGHTS descriptor (runc sends the pty
    /// master's path as data next to the descriptor).
    static func receiveDescriptor(_ connection: FileDescriptor) throws(ShimError) -> Received {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fd: Int32 = -1
        while true {
            let count = buffer.withUnsafeMutableBytes { csystem_recv_fd(connection.rawValue, $0.baseAddress, $0.count, &fd) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
                throw errnoError("recvmsg console socket", code)
            }
            if fd >= 0 {
                let name = String(decoding: buffer[..<count], as: UTF8.self)
                return .descriptor(FileDescriptor(rawValue: fd), name: name)
            }
            return count == 0 ? .closed : .wouldBlock  // data without a descriptor: keep waiting
        }
    }

    /// Client side (runc's role, used by tests and tools): connects to `path` and sends `fd`
    /// with `name` as data. Blocking; the descriptor is borrowed.
    static func sendDescriptor(_ fd: FileDescriptor, name: String, to path: String) throws(ShimError) {
        let sock = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if sock < 0 { throw errnoError("socket AF_UNIX") }
        defer { _ = Glibc.close(sock) }
        var address = try socketAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(sock, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected != 0 { throw errnoError("connect \(path)") }
        let bytes = Array(name.utf8)
        _ = try retryingInterrupts("sendmsg \(path)") {
            bytes.withUnsafeBytes { csystem_send_fd(sock, $0.baseAddress, $0.count, fd.rawValue) }
        }
    }

    /// Removes the socket file and its directory; errors are ignored (best-effort cleanup).
    static func removeSocketFiles(directory: String, path: String) {
        unlink(path)
        rmdir(directory)
    }

    private static func socketAddress(_ path: String) throws(ShimError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw ShimError(.invalidArgument, "console socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}
