/// `google.protobuf.Any` and `google.protobuf.Timestamp` on the wire, plus the typed
/// packing containerd's typeurl does.
extension TypedPayload: ProtobufMessage {
    public static let schema = MessageSchema(
        TypedPayload(typeURL: "", value: []), "google.protobuf.Any",
        [.field(1, \.typeURL), .field(2, \.value)])

    /// The prefix typeurl v2 (containerd 2.x) may put before a full name; 1.6 sends bare names.
    static let googleAPIsPrefix = "type.googleapis.com/"

    /// Wraps `message` under its bare full name (`containerd.events.TaskExit`), the form
    /// containerd 1.6 can resolve.
    public init<M: ProtobufMessage>(_ message: M) {
        self.init(typeURL: M.protobufName, value: message.packed())
    }

    /// The full protobuf name this payload claims, without any `type.googleapis.com/`-style
    /// host prefix (everything up to the last `/` is dropped).
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
