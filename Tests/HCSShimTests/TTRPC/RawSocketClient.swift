import Foundation
@testable import HCSShim

/// Runs blocking test I/O on a thread of its own. The cooperative pool has as many threads as
/// cores (2 here): a test blocking in recv there would starve the very server it waits for.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// A deliberately dumb blocking client for feeding a server exact bytes: no framing logic of
/// the shim's own, a 5 s receive timeout so a broken server fails the test instead of hanging it.
/// Its receive calls run off the cooperative pool (`offPool`).
final class RawSocketClient: @unchecked Sendable {
    let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw ShimError.unavailable("connect: errno \(errno)")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Exactly `count` bytes, or nil at end of file / timeout.
    private func receive(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got <= 0 { return nil }
            offset += got
        }
        return bytes
    }

    /// One whole frame as (stream id, type, data), decoded by hand; nil if the connection ended.
    func receiveFrame() async -> ReceivedFrame? {
        await offPool { self.blockingReceiveFrame() }
    }

    private func blockingReceiveFrame() -> ReceivedFrame? {
        guard let header = receive(10) else { return nil }
        let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let streamID = header[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let data = length == 0 ? [] : receive(length) else { return nil }
        return ReceivedFrame(streamID: streamID, type: header[8], data: data, raw: header + data)
    }

    /// True if the peer has closed the connection (read returns 0 within the timeout).
    /// True if the peer has closed the connection: end of file, or a reset because it closed
    /// with our bytes unread. False on data or on the 5 s timeout.
    func isClosedByPeer() async -> Bool {
        await offPool {
            var byte: UInt8 = 0
            let got = recv(self.fd, &byte, 1, 0)
            return got == 0 || (got < 0 && errno == ECONNRESET)
        }
    }
}

struct ReceivedFrame: Sendable {
    var streamID: UInt32
    var type: UInt8
    var data: [UInt8]
    var raw: [UInt8]
}

/// A request frame for `service`/`method`, built with the shim's codec (used where the
/// encoding itself is not under test).
func requestFrame(
    _ service: String, _ method: String, payload: [UInt8] = [], streamID: UInt32,
    metadata: [TTRPCKeyValue] = [], timeoutNano: Int64 = 0
) throws -> [UInt8] {
    let request = TTRPCRequest(
        service: service, method: method, payload: payload, timeoutNano: timeoutNano, metadata: metadata)
    return try Frame.encode(streamID: streamID, type: .request, data: request.packed())
}
