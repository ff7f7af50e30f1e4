/// A protobuf `Any` as plain Swift values: a type URL and the encoded message.
///
/// Type URLs are bare protobuf names (`containerd.events.TaskExit`), as containerd 1.6 requires.
public struct TypedPayload: Sendable, Equatable {
    public var typeURL: String
    public var value: [UInt8]

    public init(typeURL: String, value: [UInt8]) {
        self.typeURL = typeURL
        self.value = value
    }
}
