/// The encoding of `grpc.reflection.v1(alpha).ServerReflectionRequest/Response` (both versions
/// are wire-identical). A request is reduced to a `ReflectionQuery`; an answer is encoded
/// around the request's own bytes (echoed as `original_request`).
///
/// TODO(grpc): switch to the Wire layer's reflection messages once they are in main; this
/// file then shrinks to the mapping between those types and `ReflectionQuery`/`ReflectionAnswer`.
enum ReflectionCodec {
    /// Field numbers of ServerReflectionRequest.
    private enum RequestField: UInt64 {
        case host = 1, fileByFilename = 3, fileContainingSymbol = 4, fileContainingExtension = 5
        case allExtensionNumbersOfType = 6, listServices = 7
    }

    /// Decodes a ServerReflectionRequest. Throws `.invalidArgument` on malformed bytes.
    static func decode(_ bytes: [UInt8]) throws(ShimError) -> (host: String, query: ReflectionQuery) {
        var host = ""
        var query = ReflectionQuery.unspecified
        var reader = ProtobufReader(bytes)
        while let (number, value) = try reader.next() {
            switch RequestField(rawValue: number) {
            case .host: host = value.text
            case .fileByFilename: query = .fileByFilename(value.text)
            case .fileContainingSymbol: query = .fileContainingSymbol(value.text)
            case .fileContainingExtension:
                var type = ""
                var extensionNumber: Int32 = 0
                var inner = ProtobufReader(value.bytes)
                while let (field, innerValue) = try inner.next() {
                    if field == 1 { type = innerValue.text }
                    if field == 2 { extensionNumber = Int32(truncatingIfNeeded: innerValue.varint) }
                }
                query = .fileContainingExtension(type: type, number: extensionNumber)
            case .allExtensionNumbersOfType: query = .allExtensionNumbers(type: value.text)
            case .listServices: query = .listServices
            case nil: continue
            }
        }
        return (host, query)
    }

    /// Encodes a ServerReflectionResponse answering `request` (its original bytes).
    static func encode(_ answer: ReflectionAnswer, host: String, request: [UInt8]) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.string(1, host)
        writer.bytes(2, request)
        switch answer {
        case .files(let descriptors):
            var response = ProtobufWriter()
            for descriptor in descriptors { response.bytes(1, descriptor, always: true) }
            writer.bytes(4, response.output, always: true)
        case .extensionNumbers(let type, let numbers):
            var response = ProtobufWriter()
            response.string(1, type)
            for number in numbers { response.varint(2, UInt64(bitPattern: Int64(number)), always: true) }
            writer.bytes(5, response.output, always: true)
        case .services(let names):
            var response = ProtobufWriter()
            for name in names {
                var service = ProtobufWriter()
                service.string(1, name)
                response.bytes(1, service.output, always: true)
            }
            writer.bytes(6, response.output, always: true)
        case .error(let error):
            var response = ProtobufWriter()
            response.varint(1, UInt64(bitPattern: Int64(error.code.rawValue)))
            response.string(2, error.message)
            writer.bytes(7, response.output, always: true)
        }
        return writer.output
    }
}
