// The payloads of `ServerReflectionResponse`.

/// `FileDescriptorResponse`: serialized `FileDescriptorProto`s, the requested file first.
public struct FileDescriptorResponse: ProtobufMessage, Equatable {
    public var fileDescriptorProto: [[UInt8]]

    public init(fileDescriptorProto: [[UInt8]] = []) { self.fileDescriptorProto = fileDescriptorProto }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.FileDescriptorResponse", [.field(1, \.fileDescriptorProto)])
}

/// `ExtensionNumberResponse`: the extension numbers of a type (always none here: our
/// protos define no extensions).
public struct ExtensionNumberResponse: ProtobufMessage, Equatable {
    public var baseTypeName: String
    public var extensionNumber: [Int32]

    public init(baseTypeName: String = "", extensionNumber: [Int32] = []) {
        self.baseTypeName = baseTypeName
        self.extensionNumber = extensionNumber
    }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.ExtensionNumberResponse", [.field(1, \.baseTypeName), .field(2, \.extensionNumber)])
}

/// `ListServiceResponse`: the fully qualified names of the served services.
public struct ListServiceResponse: ProtobufMessage, Equatable {
    public var service: [ServiceResponse]

    public init(service: [ServiceResponse] = []) { self.service = service }

    public static let schema = MessageSchema(Self(), "grpc.reflection.v1.ListServiceResponse", [.field(1, \.service)])
}

/// `ServiceResponse`: one service name, e.g. `containerd.task.v3.Task`.
public struct ServiceResponse: ProtobufMessage, Equatable {
    public var name: String

    public init(name: String = "") { self.name = name }

    public static let schema = MessageSchema(Self(), "grpc.reflection.v1.ServiceResponse", [.field(1, \.name)])
}

/// `ErrorResponse`: a failed request on an otherwise healthy stream (e.g. NOT_FOUND for an
/// unknown symbol). `errorCode` is a gRPC status code.
public struct ErrorResponse: ProtobufMessage, Equatable {
    public var errorCode: Int32
    public var errorMessage: String

    public init(errorCode: Int32 = 0, errorMessage: String = "") {
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    /// The response reporting `error`.
    public init(_ error: ShimError) {
        self.init(errorCode: error.code.rawValue, errorMessage: error.message)
    }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.ErrorResponse", [.field(1, \.errorCode), .field(2, \.errorMessage)])
}
