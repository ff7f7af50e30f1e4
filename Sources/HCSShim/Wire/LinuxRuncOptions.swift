// The `containerd.linux.runc` payloads: what containerd's Go client sends a runtime whose
// name is not `io.containerd.runc.*` (its `WithShimCgroup`, `WithNoPivotRoot`, `WithIOUID`...
// task options, and its checkpoint options). They carry the runc.v1 options' facts under
// other field numbers, so each wraps the runc.v1 Swift value and maps its numbers onto it.

/// `containerd.linux.runc.CreateOptions` (`CreateTaskRequest.options`, and the same Any on the
/// `start` action's stdin).
public struct LinuxRuncCreateOptions: ProtobufMessage, Equatable {
    /// The fields runc.v1's `Options` share, in that shape.
    public var options: RuntimeOptions
    /// CRIU flags that runc.v1 keeps only in its checkpoint options: decoded so the message
    /// round-trips, not used at create.
    public var openTCP = false
    public var externalUnixSockets = false
    public var terminal = false
    public var fileLocks = false
    public var emptyNamespaces: [String] = []
    public var cgroupsMode = ""

    public init(options: RuntimeOptions = RuntimeOptions()) { self.options = options }

    public static let schema = MessageSchema(
        Self(), "containerd.linux.runc.CreateOptions",
        [
            .field(1, \.options.noPivotRoot), .field(2, \.openTCP), .field(3, \.externalUnixSockets),
            .field(4, \.terminal), .field(5, \.fileLocks), .field(6, \.emptyNamespaces), .field(7, \.cgroupsMode),
            .field(8, \.options.noNewKeyring), .field(9, \.options.shimCgroup), .field(10, \.options.ioUID),
            .field(11, \.options.ioGID), .field(12, \.options.criuWorkPath), .field(13, \.options.criuImagePath),
        ])
}

/// `containerd.linux.runc.CheckpointOptions` (`CheckpointTaskRequest.options`): runc.v1's
/// checkpoint options with `work_path` and `image_path` numbered the other way round.
public struct LinuxRuncCheckpointOptions: ProtobufMessage, Equatable {
    public var options: CheckpointOptions

    public init(options: CheckpointOptions = CheckpointOptions()) { self.options = options }

    public static let schema = MessageSchema(
        Self(), "containerd.linux.runc.CheckpointOptions",
        [
            .field(1, \.options.exit), .field(2, \.options.openTCP), .field(3, \.options.externalUnixSockets),
            .field(4, \.options.terminal), .field(5, \.options.fileLocks), .field(6, \.options.emptyNamespaces),
            .field(7, \.options.cgroupsMode), .field(8, \.options.workPath), .field(9, \.options.imagePath),
        ])
}

extension TypedPayload {
    /// The runc-shaped runtime options this payload carries: `containerd.runc.v1.Options` or
    /// `containerd.linux.runc.CreateOptions`; nil for any other type. Throws `.invalidArgument`
    /// when the type matches and the bytes are malformed.
    public func runcShapedOptions() throws(ShimError) -> RuntimeOptions? {
        if holds(RuncOptions.self) { return try unpacked(as: RuncOptions.self) }
        if holds(LinuxRuncCreateOptions.self) { return try unpacked(as: LinuxRuncCreateOptions.self).options }
        return nil
    }

    /// The checkpoint options this payload carries (either runc generation's); nil otherwise.
    public func checkpointOptions() throws(ShimError) -> CheckpointOptions? {
        if holds(CheckpointOptions.self) { return try unpacked(as: CheckpointOptions.self) }
        if holds(LinuxRuncCheckpointOptions.self) { return try unpacked(as: LinuxRuncCheckpointOptions.self).options }
        return nil
    }
}
