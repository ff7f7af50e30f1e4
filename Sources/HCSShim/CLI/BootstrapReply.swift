/// The protocol a shim offers containerd. Our one socket serves both; this only decides what
/// `start` announces, and so which client containerd builds.
enum ShimProtocol: String, Sendable {
    case ttrpc, grpc

    /// The environment variable that selects gRPC: `HCSSHIM_SHIM_PROTOCOL=grpc` in
    /// containerd's environment (every shim inherits it; containerd 2.x can also set it in
    /// `[plugins."io.containerd.shim.v1.manager"] env`). Anything else means ttrpc.
    static let environmentKey = "HCSSHIM_SHIM_PROTOCOL"

    init(setting: String?) {
        self = setting?.lowercased() == "grpc" ? .grpc : .ttrpc
    }
}

/// What `start` prints, chosen from the requested protocol and containerd's generation.
///
/// - ttrpc: the plain `unix://` address, the one form every generation (1.6 included) reads.
/// - gRPC: `{"version":N,"address":"<bare path>","protocol":"grpc"}` — containerd 1.7 takes
///   only version 2 and 2.x demands version 3 for gRPC, and both dial a bare socket path.
///   containerd 1.6 (or an unknown generation) cannot take gRPC: the reply falls back to the
///   ttrpc address, which our socket serves too, rather than failing the task.
struct BootstrapReply: Equatable {
    var `protocol`: ShimProtocol
    /// The shim protocol version announced; 2 for the plain ttrpc form.
    var version: Int
    /// The socket path, without a scheme.
    var socketPath: String

    init(requested: ShimProtocol, generation: ContainerdGeneration?, socketPath: String) {
        self.socketPath = socketPath
        switch (requested, generation?.grpcShimVersion) {
        case (.grpc, .some(let version)):
            self.protocol = .grpc
            self.version = version
        case (.grpc, .none), (.ttrpc, _):
            self.protocol = .ttrpc
            self.version = 2
        }
    }

    /// The bytes for stdout (containerd trims whitespace; none is added).
    var output: String {
        switch self.protocol {
        case .ttrpc:
            return "unix://" + socketPath
        case .grpc:
            return "{\"version\":\(version),\"address\":\"\(Self.jsonEscaped(socketPath))\",\"protocol\":\"grpc\"}"
        }
    }

    /// A JSON string body: quotes, backslashes and control characters escaped.
    static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
