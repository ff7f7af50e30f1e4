/// Maps the reflection stream's messages (`ServerReflectionRequest`/`Response`, Wire types that
/// pack as `grpc.reflection.v1`; `v1alpha` is wire-identical) to and from `ReflectionQuery` and
/// `ReflectionAnswer`, so the answering logic stays free of encoding.
enum ReflectionCodec {
    /// Decodes one request. Throws `.invalidArgument` on malformed bytes.
    static func decode(_ bytes: [UInt8]) throws(ShimError) -> ServerReflectionRequest {
        try ServerReflectionRequest(unpacking: bytes)
    }

    static func query(of request: ServerReflectionRequest) -> ReflectionQuery {
        switch request.messageRequest {
        case .listServices: .listServices
        case .fileByFilename(let name): .fileByFilename(name)
        case .fileContainingSymbol(let symbol): .fileContainingSymbol(symbol)
        case .fileContainingExtension(let request):
            .fileContainingExtension(type: request.containingType, number: request.extensionNumber)
        case .allExtensionNumbersOfType(let type): .allExtensionNumbers(type: type)
        case nil: .unspecified
        }
    }

    /// Encodes the response to `request`, echoing it as `original_request`.
    static func encode(_ answer: ReflectionAnswer, to request: ServerReflectionRequest) -> [UInt8] {
        let response: ServerReflectionResponse.MessageResponse
        switch answer {
        case .files(let descriptors):
            response = .fileDescriptorResponse(FileDescriptorResponse(fileDescriptorProto: descriptors))
        case .services(let names):
            response = .listServicesResponse(ListServiceResponse(service: names.map { ServiceResponse(name: $0) }))
        case .extensionNumbers(let type, let numbers):
            response = .allExtensionNumbersResponse(ExtensionNumberResponse(baseTypeName: type, extensionNumber: numbers))
        case .error(let error):
            response = .errorResponse(ErrorResponse(error))
        }
        return ServerReflectionResponse(validHost: request.host, originalRequest: request, messageResponse: response)
            .packed()
    }
}
