/// gRPC server reflection (`grpc.reflection.v1.ServerReflection` and the identical
/// `grpc.reflection.v1alpha.ServerReflection`, method `ServerReflectionInfo`), so that grpcurl
/// and other tools can list, describe and call the shim's services with no .proto files.
///
/// Answers come from a `ReflectionDescriptorSource`. Lookups that find nothing answer an
/// `error_response` with NOT_FOUND and keep the stream open, as gRPC's own servers do. Our
/// protos are proto3 and declare no extensions, so extension queries answer NOT_FOUND for the
/// extension and an empty number list for a known type.
public struct ServerReflection: Sendable {
    public static let services = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]

    private let listed: [String]
    private let descriptors: any ReflectionDescriptorSource

    /// Lists `services` (normally `MethodTable.services`) and the reflection services themselves.
    public init(services: [String], descriptors: any ReflectionDescriptorSource) {
        listed = Array(Set(services + Self.services)).sorted()
        self.descriptors = descriptors
    }

    /// The bidirectional handlers to pass to `GRPCServer`, keyed by method path.
    public var handlers: [String: BidirectionalHandler] {
        let reflection = self
        let handler: BidirectionalHandler = { requests, _, sink in
            for try await request in requests {
                let (host, query) = try ReflectionCodec.decode(request)
                let answer = reflection.answer(query)
                try await sink.send(ReflectionCodec.encode(answer, host: host, request: request))
            }
        }
        return Dictionary(uniqueKeysWithValues: Self.services.map { ("/\($0)/ServerReflectionInfo", handler) })
    }

    /// The answer to one query; pure.
    func answer(_ query: ReflectionQuery) -> ReflectionAnswer {
        switch query {
        case .listServices:
            return .services(listed)
        case .fileByFilename(let name):
            guard let file = descriptors.file(named: name) else { return .error(.notFound("file \(name)")) }
            return .files(withImports(file))
        case .fileContainingSymbol(let symbol):
            guard let file = definingFile(symbol) else { return .error(.notFound("symbol \(symbol)")) }
            return .files(withImports(file))
        case .fileContainingExtension(let type, let number):
            return .error(.notFound("extension \(number) of \(type)"))
        case .allExtensionNumbers(let type):
            guard descriptors.file(definingSymbol: type) != nil else { return .error(.notFound("type \(type)")) }
            return .extensionNumbers(type: type, numbers: [])
        case .unspecified:
            return .error(.invalidArgument("reflection: no request set"))
        }
    }

    /// The file defining `symbol`, or, for a nested name (a method, field or enum value), the
    /// file defining its closest enclosing symbol.
    private func definingFile(_ symbol: String) -> ReflectionFile? {
        var name = Substring(symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol)
        while !name.isEmpty {
            if let file = descriptors.file(definingSymbol: String(name)) { return file }
            guard let dot = name.lastIndex(of: ".") else { return nil }
            name = name[..<dot]
        }
        return nil
    }

    /// `file`'s descriptor followed by those of all its transitive imports, each once.
    private func withImports(_ file: ReflectionFile) -> [[UInt8]] {
        var seen: Set<String> = [file.name]
        var ordered = [file]
        var index = 0
        while index < ordered.count {
            for dependency in ordered[index].dependencies where !seen.contains(dependency) {
                seen.insert(dependency)
                if let imported = descriptors.file(named: dependency) { ordered.append(imported) }
            }
            index += 1
        }
        return ordered.map(\.descriptor)
    }
}
