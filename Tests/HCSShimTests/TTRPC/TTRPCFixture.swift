import Foundation
import Synchronization
import Testing
@testable import HCSShim

/// A real `ShimListener` + `TTRPCServer` on a socket in a fresh temp directory.
/// Stop it with `close()`; it removes the directory.
final class TTRPCFixture: Sendable {
    let directory: String
    let path: String
    let server: TTRPCServer
    let listener: ShimListener
    let handoffs: HandoffRecorder
    private let ownsDirectory: Bool
    private let runTask: Task<Void, Never>

    /// `path` reuses a socket path (its directory must exist); by default a fresh temp
    /// directory is made and removed on close.
    init(methods: MethodTable, handshake: Handshake = .sameUser, path: String? = nil) throws {
        directory = try path.map { ($0 as NSString).deletingLastPathComponent } ?? Self.makeTemporaryDirectory()
        ownsDirectory = path == nil
        self.path = path ?? directory + "/shim.sock"
        server = TTRPCServer(methods: methods)
        listener = try ShimListener(path: self.path)
        let handoffs = HandoffRecorder()
        self.handoffs = handoffs
        runTask = Task { [listener, server] in
            await listener.run(serving: server, handshake: handshake) { fd in handoffs.record(fd) }
        }
    }

    func close() async {
        listener.close()
        await runTask.value
        server.shutdown()
        handoffs.closeAll()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Waits (up to 5 s) until the server has `count` live connections.
    func waitForConnections(_ count: Int) async -> Bool {
        for _ in 0..<500 {
            if server.connectionCount == count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    static func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "ttrpc-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Collects the descriptors the listener hands to the gRPC side.
final class HandoffRecorder: Sendable {
    private let fds = Mutex<[Int32]>([])

    func record(_ fd: Int32) { fds.withLock { $0.append(fd) } }

    var count: Int { fds.withLock { $0.count } }

    func closeAll() {
        for fd in fds.withLock({ $0 }) { Glibc.close(fd) }
    }
}

/// Methods shared by the transport tests: `test.Echo/Echo` returns its request, `test.Echo/Fail`
/// throws the error whose code is the first request byte, and the golden Task `Connect`.
enum TestMethods {
    static func table(extra: (inout MethodTable) -> Void = { _ in }) -> MethodTable {
        var table = MethodTable()
        table.register(service: "test.Echo", method: "Echo", .unary { request, _ in request })
        table.register(service: "test.Echo", method: "Fail", .unary { request, _ in
            throw ShimError(ShimError.Code(rawValue: Int32(request.first ?? 2)) ?? .unknown, "failed as asked")
        })
        table.register(service: "containerd.task.v2.Task", method: "Connect", .unary { request, _ in
            let connect = try ConnectRequest(unpacking: request)
            if connect.id == "missing" { throw ShimError.notFound("container not created: not found") }
            return ConnectResponse(shimPID: 1234, taskPID: 5678).packed()
        })
        extra(&table)
        return table
    }
}
