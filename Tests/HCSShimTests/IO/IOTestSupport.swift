#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import HCSShim

/// A scratch directory removed (recursively) when the value is released.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/hcsshim-io-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { $0.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else { throw ShimError(.internal, "mkdtemp failed") }
        path = String(cString: made)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func makeFifo(_ name: String) throws -> String {
        let fifo = file(name)
        guard mkfifo(fifo, 0o600) == 0 else { throw ShimError(.internal, "mkfifo \(fifo) failed") }
        return fifo
    }

    func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        let target = file(name)
        let fd = Glibc.open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ShimError(.internal, "create \(target) failed") }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        Glibc.close(fd)
        chmod(target, mode)
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Reads a whole regular file (or returns nil).
func readFile(_ path: String) -> [UInt8]? {
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { Glibc.close(fd) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return result }
        result += buffer[..<n]
    }
}

/// Reads a non-blocking descriptor through the event loop until end of file, `limit` bytes,
/// or cancellation by `EventLoop.cancelWaits`.
func readAll(_ fd: FileDescriptor, limit: Int = .max) async -> [UInt8] {
    var collected: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while collected.count < limit {
        do throws(ShimError) {
            guard let n = try fd.read(into: &buffer) else {
                try await EventLoop.shared.waitReadable(fd.rawValue)
                continue
            }
            if n == 0 { break }
            collected += buffer[..<n]
        } catch {
            break
        }
    }
    return collected
}

/// Writes everything to a non-blocking descriptor through the event loop.
func writeAll(_ bytes: [UInt8], to fd: FileDescriptor) async throws(ShimError) {
    var offset = 0
    while offset < bytes.count {
        guard let n = try fd.write(bytes[offset...]) else {
            try await EventLoop.shared.waitWritable(fd.rawValue)
            continue
        }
        offset += n
    }
}

/// Opens a fifo as the client does for reading output: non-blocking, close-on-exec.
func openClientReader(_ path: String) throws -> FileDescriptor {
    try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK)
}

/// Polls `condition` every 10 ms for up to `seconds`.
func eventually(seconds: Double = 15, _ condition: () -> Bool) async -> Bool {
    let deadline = SystemClock.monotonicNanos() + UInt64(seconds * 1e9)
    while SystemClock.monotonicNanos() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Whether `pid` still exists (as a process or an unreaped zombie).
func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno != ESRCH
}
