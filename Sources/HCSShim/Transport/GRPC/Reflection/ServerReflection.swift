/// gRPC server reflection (`grpc.reflection.v1.ServerReflection` and the identical
/// `grpc.reflection.v1alpha.ServerReflection`, method `ServerReflectionInfo`), so that grpcurl
/// and other tools can list, describe and call the shim's services with no .proto files.
///
/// Answers come from the wire layer's `ReflectionCatalog` (every .proto file of the shim, with
/// imports and symbols; `ReflectionCatalog.generated` in the shim). Lookups that find nothing answer an
/// `error_response` with NOT_FOUND and keep the stream open, as gRPC's own servers do. Our
/// protos are proto3 and declare no extensions, so extension queries answer NOT_FOUND for the
/// extension and an empty number list for a known type.
public struct ServerReflection: Sendable {
    public static let services = ["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"]

    private let listed: [String]
    private let catalog: ReflectionCatalog

    /// Lists `services` (normally `MethodTable.services`) and the reflection services themselves.
    public init(services: [String], catalog: ReflectionCatalog) {
        listed = Array(Set(services + Self.services)).sorted()
        self.catalog = catalog
    }

    /// The bidirectional handlers to pass to `GRPCServer`, keyed by method path.
    public var handlers: [String: BidirectionalHandler] {
        let reflection = self
        let handler: BidirectionalHandler = { requests, _, sink in
            for try await request in requests {
                let decoded = try ReflectionCodec.decode(request)
                let answer = reflection.answer(ReflectionCodec.query(of: decoded))
                try await sink.send(ReflectionCodec.encode(answer, to: decoded))
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
            guard let file = catalog.file(named: name) else { return .error(.notFound("file \(name)")) }
            return .files(catalog.withTransitiveDependencies(file).map(\.descriptor))
        case .fileContainingSymbol(let symbol):
            guard let file = definingFile(symbol) else { return .error(.notFound("symbol \(symbol)")) }
            return .files(catalog.withTransitiveDependencies(file).map(\.descriptor))
        case .fileContainingExtension(let type, let number):
            return .error(.notFound("extension \(number) of \(type)"))
        case .allExtensionNumbers(let type):
            guard catalog.file(containingSymbol: type) != nil else { return .error(.notFound("type \(type)")) }
            return .extensionNumbers(type: type, numbers: [])
        case .unspecified:
            return .error(.invalidArgument("reflection: no request set"))
        }
    }

    /// The file defining `symbol`, or, for a name the catalog does not list (a field, an enum
    /// value), the file defining its closest enclosing symbol.
    private func definingFile(_ symbol: String) -> ReflectionCatalog.File? {
        var name = Substring(symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol)
        while !name.isEmpty {
            if let file = catalog.file(containingSymbol: String(name)) { return file }
            guard let dot = name.lastIndex(of: ".") else { return nil }
            name = name[..<dot]
        }
        return nil
    }
}
