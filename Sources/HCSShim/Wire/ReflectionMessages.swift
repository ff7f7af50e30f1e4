// gRPC server reflection messages. They pack as `grpc.reflection.v1`; `grpc.reflection.v1alpha`
// has the same fields and numbers, so one set of types serves both services.

/// `ServerReflectionRequest`: one question on the reflection stream.
public struct ServerReflectionRequest: ProtobufMessage, Equatable {
    /// The `message_request` oneof.
    public enum MessageRequest: Sendable, Equatable {
        case fileByFilename(String)
        /// `package.Message`, `package.Enum`, `package.Service` or `package.Service.Method`.
        case fileContainingSymbol(String)
        case fileContainingExtension(ExtensionRequest)
        case allExtensionNumbersOfType(String)
        /// The string is ignored; the answer lists every service.
        case listServices(String)
    }

    public var host: String
    /// nil when the client set none of the oneof's fields.
    public var messageRequest: MessageRequest?

    public init(host: String = "", messageRequest: MessageRequest? = nil) {
        self.host = host
        self.messageRequest = messageRequest
    }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.ServerReflectionRequest",
        [
            .field(1, \.host),
            .oneof(3, \.messageRequest, String.codec, embed: { .fileByFilename($0) }) {
                if case .fileByFilename(let name) = $0 { name } else { nil }
            },
            .oneof(4, \.messageRequest, String.codec, embed: { .fileContainingSymbol($0) }) {
                if case .fileContainingSymbol(let symbol) = $0 { symbol } else { nil }
            },
            .oneof(5, \.messageRequest, .message, embed: { .fileContainingExtension($0) }) {
                if case .fileContainingExtension(let request) = $0 { request } else { nil }
            },
            .oneof(6, \.messageRequest, String.codec, embed: { .allExtensionNumbersOfType($0) }) {
                if case .allExtensionNumbersOfType(let type) = $0 { type } else { nil }
            },
            .oneof(7, \.messageRequest, String.codec, embed: { .listServices($0) }) {
                if case .listServices(let value) = $0 { value } else { nil }
            },
        ])
}

/// `ExtensionRequest`: which extension of which message type.
public struct ExtensionRequest: ProtobufMessage, Equatable {
    public var containingType: String
    public var extensionNumber: Int32

    public init(containingType: String = "", extensionNumber: Int32 = 0) {
        self.containingType = containingType
        self.extensionNumber = extensionNumber
    }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.ExtensionRequest", [.field(1, \.containingType), .field(2, \.extensionNumber)])
}

/// `ServerReflectionResponse`: the answer to one request, echoing it.
public struct ServerReflectionResponse: ProtobufMessage, Equatable {
    /// The `message_response` oneof.
    public enum MessageResponse: Sendable, Equatable {
        case fileDescriptorResponse(FileDescriptorResponse)
        case allExtensionNumbersResponse(ExtensionNumberResponse)
        case listServicesResponse(ListServiceResponse)
        case errorResponse(ErrorResponse)
    }

    public var validHost: String
    public var originalRequest: ServerReflectionRequest?
    public var messageResponse: MessageResponse?

    public init(
        validHost: String = "", originalRequest: ServerReflectionRequest? = nil, messageResponse: MessageResponse? = nil
    ) {
        self.validHost = validHost
        self.originalRequest = originalRequest
        self.messageResponse = messageResponse
    }

    public static let schema = MessageSchema(
        Self(), "grpc.reflection.v1.ServerReflectionResponse",
        [
            .field(1, \.validHost), .field(2, \.originalRequest),
            .oneof(4, \.messageResponse, .message, embed: { .fileDescriptorResponse($0) }) {
                if case .fileDescriptorResponse(let files) = $0 { files } else { nil }
            },
            .oneof(5, \.messageResponse, .message, embed: { .allExtensionNumbersResponse($0) }) {
                if case .allExtensionNumbersResponse(let numbers) = $0 { numbers } else { nil }
            },
            .oneof(6, \.messageResponse, .message, embed: { .listServicesResponse($0) }) {
                if case .listServicesResponse(let services) = $0 { services } else { nil }
            },
            .oneof(7, \.messageResponse, .message, embed: { .errorResponse($0) }) {
                if case .errorResponse(let error) = $0 { error } else { nil }
            },
        ])
}
