import Glibc
import HCSShim

/// Two fifos (stdout, stderr) in a private directory for an exec's output, and the copy of
/// what arrives on them to this process's stdout and stderr.
///
/// The read ends are opened non-blocking before the shim opens the write ends, so nothing
/// blocks on the rendezvous. A read of 0 bytes means "no writer": before the shim has connected
/// it is ignored; after, it is the end of that stream. Both descriptors are closed by `remove`.
final class OutputFifos {
    let directory: String
    let stdoutPath: String
    let stderrPath: String
    private let readers: [(fd: FileDescriptor, target: Int32)]

    init() throws {
        directory = try Files.makeTemporaryDirectory(prefix: "hcsshimctl-")
        stdoutPath = directory + "/stdout"
        stderrPath = directory + "/stderr"
        var opened: [(fd: FileDescriptor, target: Int32)] = []
        do {
            for (path, target) in [(stdoutPath, Int32(1)), (stderrPath, Int32(2))] {
                guard mkfifo(path, 0o600) == 0 else { throw ShimError.internal("mkfifo \(path): errno \(errno)") }
                opened.append((try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK), target))
            }
        } catch {
            for reader in opened { reader.fd.close() }
            Files.removeDirectory(directory)
            throw error
        }
        readers = opened
    }

    /// Copies until both writers have connected and closed. A stream that shows no writer is
    /// taken as ended once `exited` is set (the process is gone, the shim may have opened and
    /// closed it between two polls); a writer that lingers past one quiet second after the exit
    /// ends the copy too.
    func copyUntilClosed(exited: Locked<Bool>) async throws {
        var connected = [false, false]
        var open = [true, true]
        var quietAfterExit = 0
        while open.contains(true) && quietAfterExit < 100 {
            let processGone = exited.value
            var progressed = false
            for (index, reader) in readers.enumerated() where open[index] {
                guard let bytes = try reader.fd.read(upTo: 65_536) else { connected[index] = true; continue }
                if bytes.isEmpty {
                    if connected[index] || processGone { open[index] = false }
                    continue
                }
                connected[index] = true
                progressed = true
                Self.writeFully(bytes, to: reader.target)
            }
            if !progressed {
                if processGone { quietAfterExit += 1 }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    private static func writeFully(_ bytes: [UInt8], to fd: Int32) {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            written += n
        }
    }

    func remove() {
        for reader in readers { reader.fd.close() }
        Files.removeDirectory(directory)
    }
}
