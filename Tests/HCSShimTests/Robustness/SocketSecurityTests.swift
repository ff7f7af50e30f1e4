#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

extension Robustness {
    /// The shim's socket file: mode 0600 from the moment it listens, a pathname socket (never
    /// abstract, which would ignore file permissions), and an empty path refused.
    @Suite struct SocketSecurityTests {
        @Test func listeningSocketIsMode0600AndAPathname() throws {
            let directory = try Files.makeTemporaryDirectory(prefix: "hcsshim-sock-")
            defer { _ = Glibc.rmdir(directory) }
            let path = directory + "/s"
            // A permissive umask must not widen the socket's mode.
            let previous = umask(0)
            let fd = try Socket.listen(path: path)
            umask(previous)
            defer {
                Socket.close(fd)
                Socket.unlink(path: path)
            }
            var info = Glibc.stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(info.st_mode & S_IFMT == S_IFSOCK)
            let table = try Files.readText("/proc/net/unix")
            let names = table.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) }
            #expect(names.contains(path))
            #expect(!names.contains("@" + path))
        }

        @Test func emptyPathIsRefusedRatherThanAbstract() {
            #expect(throws: ShimError.self) { try Socket.listen(path: "") }
        }
    }
}
