#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// A borrowed file descriptor number with typed, EINTR-safe operations.
///
/// It does not own the descriptor: whoever created it closes it, exactly once, after calling
/// `EventLoop.shared.cancelWaits(on:)` if any task may be waiting on it. Reads and writes on a
/// non-blocking descriptor return `nil` for EAGAIN so callers can await readiness instead.
public struct FileDescriptor: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public var description: String { "fd \(rawValue)" }

    /// Opens `path`; `O_CLOEXEC` is always added.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(ShimError) -> FileDescriptor {
        let fd = try retryingInterrupts("open \(path)") { Glibc.open(path, flags | O_CLOEXEC, mode) }
        return FileDescriptor(rawValue: fd)
    }

    /// A pipe, both ends close-on-exec; pass `nonBlocking` for ends the event loop will wait on.
    public static func pipe(nonBlocking: Bool = false) throws(ShimError) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        let flags = O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        _ = try retryingInterrupts("pipe2") { csystem_pipe2(&fds, flags) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Closes the descriptor. Errors other than EBADF are ignored: Linux releases the number
    /// even when close reports EINTR or EIO, so retrying would close someone else's fd.
    public func close() {
        _ = Glibc.close(rawValue)
    }

    /// Reads up to `count` bytes. Returns `[]` at end of file and `nil` if the read would block.
    public func read(upTo count: Int) throws(ShimError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        guard let n = try nonBlocking("read", { buffer.withUnsafeMutableBytes { Glibc.read(rawValue, $0.baseAddress, count) } })
        else { return nil }
        buffer.removeSubrange(n...)
        return buffer
    }

    /// Writes as much of `bytes` as the descriptor takes now. Returns the count written, or
    /// `nil` if nothing could be written without blocking.
    public func write<C: ContiguousBytes>(_ bytes: C) throws(ShimError) -> Int? {
        try nonBlocking("write") { bytes.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress, $0.count) } }
    }

    /// Runs a read-like call: retries EINTR, maps EAGAIN to nil, throws other errnos.
    private func nonBlocking(_ operation: String, _ body: () -> Int) throws(ShimError) -> Int? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw errnoError(operation, code)
            }
        }
    }

    /// Sets or clears `O_NONBLOCK`.
    public func setNonBlocking(_ on: Bool = true) throws(ShimError) {
        let flags = try retryingInterrupts("fcntl F_GETFL") { fcntl(rawValue, F_GETFL) }
        let updated = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK)
        _ = try retryingInterrupts("fcntl F_SETFL") { fcntl(rawValue, F_SETFL, updated) }
    }
}

/// Raw byte access shared by `[UInt8]` and `ArraySlice<UInt8>`, so writes take either.
public protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}
extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
