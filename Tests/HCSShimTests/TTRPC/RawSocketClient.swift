import Foundation
@testable import HCSShim

/// A deliberately dumb blocking client for feeding a server exact bytes: no framing logic of
/// the shim's own, a 5 s receive timeout so a broken server fails the test instead of hanging it.
final class RawSocketClient {
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
    func receive(_ count: Int) -> [UInt8]? {
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
    func receiveFrame() -> (streamID: UInt32, type: UInt8, data: [UInt8], raw: [UInt8])? {
        guard let header = receive(10) else { return nil }
        let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let streamID = header[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let data = length == 0 ? [] : receive(length) else { return nil }
        return (streamID, header[8], data, header + data)
    }

    /// True if the peer has closed the connection (read returns 0 within the timeout).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
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
