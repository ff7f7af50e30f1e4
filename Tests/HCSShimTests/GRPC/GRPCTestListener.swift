import Foundation
import Glibc

/// A stand-in for the shim's socket listener: binds a unix socket, accepts connections on a
/// thread of its own, peeks at the HTTP/2 preface without consuming it (as the real listener
/// does) and hands each connection to `adopt`. Closing it stops the accept thread.
final class GRPCTestListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var peekedPrefaces: [String] = []

    init(path: String, adopt: @escaping @Sendable (Int32) -> Void) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        let listening = fd
        let thread = Thread { [weak self] in
            while true {
                let connection = accept(listening, nil, nil)
                guard connection >= 0 else { return }
                var preface = [UInt8](repeating: 0, count: 24)
                let peeked = recv(connection, &preface, preface.count, Int32(MSG_PEEK | MSG_WAITALL))
                self?.record(String(decoding: preface.prefix(max(peeked, 0)), as: UTF8.self))
                adopt(connection)
            }
        }
        thread.start()
    }

    private func record(_ preface: String) {
        lock.lock()
        peekedPrefaces.append(preface)
        lock.unlock()
    }

    /// The first bytes of every connection accepted so far, as peeked.
    var prefaces: [String] {
        lock.lock()
        defer { lock.unlock() }
        return peekedPrefaces
    }

    /// Stops accepting (the blocked `accept` returns EINVAL after `shutdown`).
    func close() {
        Glibc.shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        unlink(path)
    }
}
