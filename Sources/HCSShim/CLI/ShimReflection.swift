/// Server reflection for the shim's gRPC side, answered from the descriptor catalog generated
/// with the protos, so grpcurl can list, describe and call every service with no .proto files.
enum ShimReflection {
    static func handlers(for methods: MethodTable) -> [String: BidirectionalHandler] {
        ServerReflection(services: methods.services, descriptors: CatalogDescriptors(catalog: .generated)).handlers
    }
}

/// The generated `ReflectionCatalog` seen as reflection's descriptor source.
struct CatalogDescriptors: ReflectionDescriptorSource {
    let catalog: ReflectionCatalog

    func file(named name: String) -> ReflectionFile? {
        catalog.file(named: name).map(Self.reflectionFile)
    }

    func file(definingSymbol symbol: String) -> ReflectionFile? {
        catalog.file(containingSymbol: symbol).map(Self.reflectionFile)
    }

    private static func reflectionFile(_ file: ReflectionCatalog.File) -> ReflectionFile {
        ReflectionFile(name: file.name, descriptor: file.descriptor, dependencies: file.dependencies)
    }
}
