/// A protobuf message as a Swift value: the convention every transport and the service code
/// against. Implementations live in `Wire/`, the only place that sees protobuf-c.
public protocol WireMessage: Sendable {
    /// Decodes protobuf binary. Throws `.invalidArgument` when the bytes are not a valid
    /// encoding of the message (truncated, wrong wire type, bad length).
    init(unpacking bytes: [UInt8]) throws(ShimError)
    /// The protobuf binary encoding: fields in number order, zero values omitted (proto3),
    /// map entries sorted by key, so equal values always give equal bytes.
    func packed() -> [UInt8]
}

/// A `WireMessage` whose coding is described by a `MessageSchema` over its protobuf-c
/// descriptor. Conforming types only declare the table; packing and unpacking come from here.
public protocol ProtobufMessage: WireMessage {
    static var schema: MessageSchema<Self> { get }
}

extension ProtobufMessage {
    public init(unpacking bytes: [UInt8]) throws(ShimError) {
        self = try Self.schema.unpack(bytes)
    }

    public func packed() -> [UInt8] {
        Self.schema.pack(self)
    }

    /// The full protobuf name (`containerd.task.v2.CreateTaskRequest`), which is also the
    /// bare type URL containerd uses when the message travels inside an `Any`.
    public static var protobufName: String { schema.fullName }
}

/// `google.protobuf.Empty`: the answer of most Task RPCs. Encodes to zero bytes.
public struct EmptyMessage: ProtobufMessage, Equatable {
    public init() {}

    public static let schema = MessageSchema(Self(), "google.protobuf.Empty", [])
}
