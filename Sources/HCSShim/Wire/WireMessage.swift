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

/// `google.protobuf.Any` and `google.protobuf.Timestamp` on the wire, plus the typed
/// packing containerd's typeurl does.
extension TypedPayload: ProtobufMessage {
    public static let schema = MessageSchema(
        TypedPayload(typeURL: "", value: []), "google.protobuf.Any",
        [.field(1, \.typeURL), .field(2, \.value)])

    /// Wraps `message` under its bare full name (`containerd.events.TaskExit`), the form
    /// containerd 1.6 can resolve.
    public init<M: ProtobufMessage>(_ message: M) {
        self.init(typeURL: M.protobufName, value: message.packed())
    }

    /// The full protobuf name this payload claims, without the `type.googleapis.com/`-style
    /// prefix typeurl v2 (containerd 2.x) may add: everything up to the last `/` is dropped.
    public var messageName: String {
        guard let slash = typeURL.lastIndex(of: "/") else { return typeURL }
        return String(typeURL[typeURL.index(after: slash)...])
    }

    /// Whether the payload holds an `M` (bare or prefixed type URL).
    public func holds<M: ProtobufMessage>(_ type: M.Type) -> Bool {
        messageName == M.protobufName
    }

    /// Decodes the payload as `M`. Throws `.invalidArgument` when the type URL names another
    /// message or the bytes are malformed.
    public func unpacked<M: ProtobufMessage>(as type: M.Type) throws(ShimError) -> M {
        guard holds(type) else {
            throw ShimError.invalidArgument("unpack Any: type URL \"\(typeURL)\" is not \(M.protobufName)")
        }
        return try M(unpacking: value)
    }
}

extension Timestamp: ProtobufMessage {
    public static let schema = MessageSchema(
        Timestamp(seconds: 0, nanos: 0), "google.protobuf.Timestamp",
        [.field(1, \.seconds), .field(2, \.nanos)])
}
