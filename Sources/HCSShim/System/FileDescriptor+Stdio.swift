#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// The descriptor operations a process's standard streams need: opening containerd's fifos
/// and log files the way runc-v2 does, buffer-reusing reads for copy loops, duplication,
/// ownership, and the "replace with /dev/null" interruption used to stop a copy safely.
extension FileDescriptor {
    /// Reads into `buffer` (all of it may be filled). Returns the byte count, 0 at end of file,
    /// or `nil` if the read would block. EIO counts as end of file: it is how a pty master
    /// reports that every slave descriptor is closed.
    func read(into buffer: inout [UInt8]) throws(ShimError) -> Int? {
        while true {
            let result = buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, $0.count) }
            if result >= 0 { return result }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case EIO: return 0
            default: throw errnoError("read \(self)", code)
            }
        }
    }

    /// A new close-on-exec descriptor for the same open file description (shares offset and
    /// `O_NONBLOCK`). The caller owns the copy.
    func duplicated() throws(ShimError) -> FileDescriptor {
        let fd = try retryingInterrupts("fcntl F_DUPFD_CLOEXEC") { fcntl(rawValue, F_DUPFD_CLOEXEC, 3) }
        return FileDescriptor(rawValue: fd)
    }

    /// Atomically points this descriptor number at /dev/null (`dup3`), releasing what it referred
    /// to while keeping the number allocated. A task still using the number then reads EOF,
    /// writes into the void and fails to register with epoll (EPERM) — it can never touch a
    /// descriptor some other thread opened under a recycled number. The owner still closes it.
    func replaceWithNullDevice() {
        let null = Glibc.open("/dev/null", O_RDWR | O_CLOEXEC)
        if null < 0 { return }
        _ = csystem_dup3(null, rawValue, O_CLOEXEC)
        _ = Glibc.close(null)
    }

    /// `fchown`: gives the file (for a pipe, both of its ends) to `uid`:`gid`.
    func changeOwner(uid: UInt32, gid: UInt32) throws(ShimError) {
        _ = try retryingInterrupts("fchown \(self)") { fchown(rawValue, uid, gid) }
    }

    /// Opens a stdout/stderr destination. A fifo is opened `O_RDWR|O_NONBLOCK`: the open never
    /// blocks waiting for the client, and the shim's own read side keeps writes from failing
    /// with EPIPE while the client reconnects (a full fifo makes writes wait, never drop).
    /// Anything else (a regular file) is opened `O_WRONLY|O_APPEND`. Throws `.notFound` if
    /// the path does not exist (the client creates it).
    static func openOutput(_ path: String) throws(ShimError) -> FileDescriptor {
        if try isFIFO(path) { return try open(path, O_RDWR | O_NONBLOCK) }
        return try open(path, O_WRONLY | O_APPEND)
    }

    /// Opens a stdin fifo: a non-blocking reader, plus a write-side "closer" that keeps the
    /// reader from seeing end of file until it is closed (`CloseIO`), whether or not the
    /// client's writer has connected yet.
    static func openStdinFifo(_ path: String) throws(ShimError) -> (reader: FileDescriptor, closer: FileDescriptor) {
        let reader = try open(path, O_RDONLY | O_NONBLOCK)
        do {
            let closer = try open(path, O_WRONLY | O_NONBLOCK)
            return (reader, closer)
        } catch {
            reader.close()
            throw error
        }
    }

    /// `file://` output: creates the parent directories (0755) and the file (0644) if needed and
    /// opens it `O_WRONLY|O_APPEND`.
    static func openLogFile(_ path: String) throws(ShimError) -> FileDescriptor {
        try makeDirectories(parentDirectory(of: path))
        return try open(path, O_WRONLY | O_APPEND | O_CREAT, mode: 0o644)
    }

    /// A blocking pipe whose `shimEnd` is switched to non-blocking for the event loop; the other
    /// end (given to the container) stays blocking, as programs expect of their stdio.
    static func stdioPipe(shimReads: Bool) throws(ShimError) -> (read: FileDescriptor, write: FileDescriptor) {
        let pipe = try FileDescriptor.pipe()
        do {
            try (shimReads ? pipe.read : pipe.write).setNonBlocking()
        } catch {
            pipe.read.close()
            pipe.write.close()
            throw error
        }
        return pipe
    }

    /// /dev/null opened for writing, non-blocking (a sink for output nobody asked for).
    static func openNullSink() throws(ShimError) -> FileDescriptor {
        try open("/dev/null", O_WRONLY | O_NONBLOCK)
    }

    /// Whether `path` names a fifo. Throws `.notFound` when it does not exist.
    static func isFIFO(_ path: String) throws(ShimError) -> Bool {
        var info = stat()
        _ = try retryingInterrupts("stat \(path)") { stat(path, &info) }
        return info.st_mode & S_IFMT == S_IFIFO
    }

    /// `mkdir -p` with mode 0755 for each directory created.
    static func makeDirectories(_ path: String) throws(ShimError) {
        if path.isEmpty || path == "/" { return }
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw ShimError(.failedPrecondition, "mkdir \(path): not a directory")
        }
        try makeDirectories(parentDirectory(of: path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw errnoError("mkdir \(path)") }
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
