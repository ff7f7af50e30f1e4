import Foundation

/// A fresh unix socket path for one test (short enough for `sun_path`), removed on `cleanup`.
struct GRPCTestSocket {
    let directory: String
    let path: String

    init() {
        directory = "/tmp/hcsshim-grpc-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/s.sock"
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: directory) }
}
