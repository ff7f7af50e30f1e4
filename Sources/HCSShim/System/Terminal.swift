#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Pseudo-terminal operations: window sizes on a pty master (what `ResizePty` changes) and,
/// for tests and tools, opening a fresh pty pair.
enum Terminal {
    /// Sets the window size of the terminal behind `fd` (usually the master); the kernel sends
    /// SIGWINCH to the slave's foreground process group. The corresponding C call is
    /// `ioctl(fd, TIOCSWINSZ, …)`. Throws `.invalidArgument` (ENOTTY/EBADF) for a non-terminal.
    static func setWindowSize(_ fd: FileDescriptor, _ size: ConsoleSize) throws(ShimError) {
        _ = try retryingInterrupts("ioctl TIOCSWINSZ \(fd)") {
            csystem_set_winsize(fd.rawValue, size.height, size.width)
        }
    }

    /// The window size of the terminal behind `fd`. The corresponding C call is
    /// `ioctl(fd, TIOCGWINSZ, …)`.
    static func windowSize(_ fd: FileDescriptor) throws(ShimError) -> ConsoleSize {
        var rows: UInt16 = 0
        var cols: UInt16 = 0
        _ = try retryingInterrupts("ioctl TIOCGWINSZ \(fd)") { csystem_get_winsize(fd.rawValue, &rows, &cols) }
        return ConsoleSize(width: cols, height: rows)
    }

    /// Opens a new pty pair: the master (close-on-exec, caller owns it) and the slave's path.
    static func openPair() throws(ShimError) -> (master: FileDescriptor, slavePath: String) {
        var master: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        _ = try retryingInterrupts("posix_openpt") { csystem_open_pty(&master, &name, name.count) }
        let path = name.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return (FileDescriptor(rawValue: master), path)
    }

    /// Opens the slave side of a pty (`O_RDWR|O_NOCTTY`, blocking). The caller owns it.
    static func openSlave(_ path: String) throws(ShimError) -> FileDescriptor {
        try FileDescriptor.open(path, O_RDWR | O_NOCTTY)
    }
}
