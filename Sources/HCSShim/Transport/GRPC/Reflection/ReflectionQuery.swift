/// What a reflection client asks, one request of the `ServerReflectionInfo` stream.
enum ReflectionQuery: Equatable {
    case listServices
    case fileByFilename(String)
    case fileContainingSymbol(String)
    case fileContainingExtension(type: String, number: Int32)
    case allExtensionNumbers(type: String)
    /// No request field was set (or one this server does not know).
    case unspecified
}

/// The answer to one `ReflectionQuery`.
enum ReflectionAnswer: Equatable {
    /// Serialized FileDescriptorProtos: the file asked for first, then its transitive imports.
    case files([[UInt8]])
    case services([String])
    case extensionNumbers(type: String, numbers: [Int32])
    /// Sent as the response's `error_response`; the stream itself stays open.
    case error(ShimError)
}
