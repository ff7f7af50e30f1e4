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

    /// The type URL of an OCI runtime's `features` JSON inside an Any, as containerd 2.x
    /// reads it from `RuntimeInfo.features`.
    public static let ociFeaturesTypeURL = "types.containerd.io/opencontainers/runtime-spec/1/features/Features"
}
