// The containerd 2.3 start handshake (`containerd.runtime.bootstrap.v1`), protobuf binary in
// both directions, and `-info`'s `containerd.types.RuntimeInfo`.

/// `LogLevel`: an open enum; numbers this build does not know map to the nearest known level
/// (as the upstream contract asks), ties going to the more verbose one.
public enum LogLevel: Int32, Sendable, CaseIterable {
    case trace = -8
    case debug = -4
    case info = 0
    case warn = 4
    case error = 8
    case fatal = 10
    case panic = 12

    /// The known level closest to `rawValue`.
    public init(nearest rawValue: Int32) {
        let distance = { (level: LogLevel) in abs(Int64(level.rawValue) - Int64(rawValue)) }
        self = Self.allCases.min { distance($0) < distance($1) } ?? .info
    }
}

extension LogLevel: CFieldValue {
    static let codec = FieldCodec<LogLevel>.enumeration { LogLevel(nearest: $0) }
}

/// `Capability`: reserved for capability negotiation; only `unspecified` exists.
public enum Capability: Int32, Sendable, CaseIterable {
    case unspecified = 0
}

extension Capability: CFieldValue {
    static let codec = FieldCodec<Capability>.enumeration { Capability(rawValue: $0) ?? .unspecified }
}

/// `BootstrapParams`: read from the shim's stdin on `start` (containerd 2.3+).
public struct BootstrapParams: ProtobufMessage, Equatable {
    public var instanceID: String
    public var namespace: String
    public var logLevel: LogLevel
    public var containerdVersion: String
    public var containerdTTRPCAddress: String
    public var containerdGRPCAddress: String
    public var containerdBinary: String
    public var extensions: [Extension]
    /// Empty means unset (upstream's proto3 `optional` cannot be expressed in protobuf-c 1.4).
    public var socketDir: String

    public init(
        instanceID: String = "", namespace: String = "", logLevel: LogLevel = .info, containerdVersion: String = "",
        containerdTTRPCAddress: String = "", containerdGRPCAddress: String = "", containerdBinary: String = "",
        extensions: [Extension] = [], socketDir: String = ""
    ) {
        self.instanceID = instanceID
        self.namespace = namespace
        self.logLevel = logLevel
        self.containerdVersion = containerdVersion
        self.containerdTTRPCAddress = containerdTTRPCAddress
        self.containerdGRPCAddress = containerdGRPCAddress
        self.containerdBinary = containerdBinary
        self.extensions = extensions
        self.socketDir = socketDir
    }

    public static let schema = MessageSchema(
        Self(), "containerd.runtime.bootstrap.v1.BootstrapParams",
        [
            .field(1, \.instanceID), .field(2, \.namespace), .field(3, \.logLevel), .field(4, \.containerdVersion),
            .field(5, \.containerdTTRPCAddress), .field(6, \.containerdGRPCAddress), .field(7, \.containerdBinary),
            .field(8, \.extensions), .field(9, \.socketDir),
        ])
}

/// `Extension`: one typed configuration section of `BootstrapParams` (runtime options travel here).
public struct Extension: ProtobufMessage, Equatable {
    public var value: TypedPayload?

    public init(value: TypedPayload? = nil) { self.value = value }

    public static let schema = MessageSchema(Self(), "containerd.runtime.bootstrap.v1.Extension", [.field(1, \.value)])
}

/// `BootstrapResult`: written to stdout by `start`. containerd trims whitespace from the
/// output before decoding, so an encoding that ends in a whitespace byte would be damaged.
public struct BootstrapResult: ProtobufMessage, Equatable {
    /// Shim protocol version, 2.
    public var version: Int32
    public var address: String
    /// `ttrpc` or `grpc`.
    public var `protocol`: String
    public var capabilities: [Capability]
    public var metadata: [String: String]

    public init(
        version: Int32 = 0, address: String = "", protocol: String = "", capabilities: [Capability] = [],
        metadata: [String: String] = [:]
    ) {
        self.version = version
        self.address = address
        self.protocol = `protocol`
        self.capabilities = capabilities
        self.metadata = metadata
    }

    public static let schema = MessageSchema(
        Self(), "containerd.runtime.bootstrap.v1.BootstrapResult",
        [.field(1, \.version), .field(2, \.address), .field(3, \.protocol), .field(4, \.capabilities), .field(5, \.metadata)])
}

/// `containerd.types.RuntimeVersion`.
public struct RuntimeVersion: ProtobufMessage, Equatable {
    public var version: String
    public var revision: String

    public init(version: String = "", revision: String = "") {
        self.version = version
        self.revision = revision
    }

    public static let schema = MessageSchema(
        Self(), "containerd.types.RuntimeVersion", [.field(1, \.version), .field(2, \.revision)])
}

/// `containerd.types.RuntimeInfo`: what `<shim> -info` prints (containerd 2.x introspection).
/// The annotation `containerd.io/runtime-allow-mounts` lists mount types the shim handles.
public struct RuntimeInfo: ProtobufMessage, Equatable {
    public var name: String
    public var version: RuntimeVersion?
    public var options: TypedPayload?
    public var features: TypedPayload?
    public var annotations: [String: String]

    public init(
        name: String = "", version: RuntimeVersion? = nil, options: TypedPayload? = nil,
        features: TypedPayload? = nil, annotations: [String: String] = [:]
    ) {
        self.name = name
        self.version = version
        self.options = options
        self.features = features
        self.annotations = annotations
    }

    public static let schema = MessageSchema(
        Self(), "containerd.types.RuntimeInfo",
        [.field(1, \.name), .field(2, \.version), .field(3, \.options), .field(4, \.features), .field(5, \.annotations)])
}
