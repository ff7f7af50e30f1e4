// The payloads of ttrpc frames (package `ttrpc`) and the status they carry. The 10-byte
// frame header around them belongs to the transport.

/// `ttrpc.Request`: the body of a Request frame.
public struct TTRPCRequest: ProtobufMessage, Equatable {
    /// Fully qualified service, e.g. `containerd.task.v2.Task`.
    public var service: String
    public var method: String
    /// The encoded request message of the method.
    public var payload: [UInt8]
    /// Relative timeout in nanoseconds; 0 when the caller has no deadline.
    public var timeoutNano: Int64
    public var metadata: [TTRPCKeyValue]

    public init(
        service: String = "", method: String = "", payload: [UInt8] = [], timeoutNano: Int64 = 0,
        metadata: [TTRPCKeyValue] = []
    ) {
        self.service = service
        self.method = method
        self.payload = payload
        self.timeoutNano = timeoutNano
        self.metadata = metadata
    }

    public static let schema = MessageSchema(
        Self(), "ttrpc.Request",
        [.field(1, \.service), .field(2, \.method), .field(3, \.payload), .field(4, \.timeoutNano), .field(5, \.metadata)])
}

/// `ttrpc.Response`: the body of a Response frame. Success is `status == nil` (what the Go
/// server sends) or a status with code 0; on failure `payload` is empty.
public struct TTRPCResponse: ProtobufMessage, Equatable {
    public var status: StatusMessage?
    public var payload: [UInt8]

    public init(status: StatusMessage? = nil, payload: [UInt8] = []) {
        self.status = status
        self.payload = payload
    }

    public static let schema = MessageSchema(
        Self(), "ttrpc.Response", [.field(1, \.status), .field(2, \.payload)])
}

/// `ttrpc.KeyValue`: one metadata entry. Keys are lower-case by convention and may repeat.
public struct TTRPCKeyValue: ProtobufMessage, Equatable {
    public var key: String
    public var value: String

    public init(key: String = "", value: String = "") {
        self.key = key
        self.value = value
    }

    public static let schema = MessageSchema(Self(), "ttrpc.KeyValue", [.field(1, \.key), .field(2, \.value)])
}

/// `google.rpc.Status`: an error as ttrpc (and gRPC's status details) carry it. `code` is a
/// gRPC code, the same numbering as `ShimError.Code`.
public struct StatusMessage: ProtobufMessage, Equatable {
    public var code: Int32
    public var message: String
    public var details: [TypedPayload]

    public init(code: Int32 = 0, message: String = "", details: [TypedPayload] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// The status a failed call reports for `error`.
    public init(_ error: ShimError) {
        self.init(code: error.code.rawValue, message: error.message)
    }

    /// The error this status describes, or nil for code 0 (OK). Codes outside the gRPC range
    /// read as `.unknown`, as containerd's errdefs would.
    public var error: ShimError? {
        guard code != 0 else { return nil }
        return ShimError(ShimError.Code(rawValue: code) ?? .unknown, message)
    }

    public static let schema = MessageSchema(
        Self(), "google.rpc.Status", [.field(1, \.code), .field(2, \.message), .field(3, \.details)])
}
