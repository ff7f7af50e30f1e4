internal import Proto

/// Every .proto file of the project as gRPC server reflection serves it: serialized
/// `FileDescriptorProto`s with their imports and the symbols they define, read once from the
/// generated `descriptor_catalog.c` (scripts/gen-proto.sh). Immutable; share freely.
public struct ReflectionCatalog: Sendable {
    /// One .proto file.
    public struct File: Sendable, Equatable {
        /// Import path, e.g. `containerd/task/v2/shim.proto`.
        public let name: String
        /// Serialized `google.protobuf.FileDescriptorProto`.
        public let descriptor: [UInt8]
        /// Direct imports, by file name.
        public let dependencies: [String]
        /// Fully qualified services defined here.
        public let services: [String]
        /// Every fully qualified symbol defined here: messages (nested ones too), enums,
        /// services and `Service.Method`s.
        public let symbols: [String]
    }

    /// Files sorted by name.
    public let files: [File]
    private let filesByName: [String: Int]
    private let filesBySymbol: [String: Int]

    /// The catalog compiled into this binary.
    public static let generated = ReflectionCatalog(files: loadGeneratedFiles())

    public init(files: [File]) {
        self.files = files
        var byName: [String: Int] = [:]
        var bySymbol: [String: Int] = [:]
        for (index, file) in files.enumerated() {
            byName[file.name] = index
            for symbol in file.symbols { bySymbol[symbol] = index }
        }
        filesByName = byName
        filesBySymbol = bySymbol
    }

    /// Every service any file defines, sorted. A server lists only those it also serves.
    public var serviceNames: [String] { files.flatMap(\.services).sorted() }

    public func file(named name: String) -> File? {
        filesByName[name].map { files[$0] }
    }

    /// The file defining `symbol`; a leading `.` (descriptor-style names) is accepted.
    public func file(containingSymbol symbol: String) -> File? {
        let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        return filesBySymbol[name].map { files[$0] }
    }

    /// `file` followed by all its transitive dependencies, each once, in breadth-first
    /// order: the list a `FileDescriptorResponse` carries. Imports missing from the catalog
    /// are skipped (there are none in the generated one; its tests check that).
    public func withTransitiveDependencies(_ file: File) -> [File] {
        var result = [file]
        var seen: Set<String> = [file.name]
        var next = 0
        while next < result.count {
            for dependency in result[next].dependencies where !seen.contains(dependency) {
                seen.insert(dependency)
                if let found = self.file(named: dependency) { result.append(found) }
            }
            next += 1
        }
        return result
    }
}

/// Copies the C catalog into Swift values.
private func loadGeneratedFiles() -> [ReflectionCatalog.File] {
    (0..<proto_catalog_count()).compactMap { index in
        guard let entry = proto_catalog_file_at(index)?.pointee else { return nil }
        return ReflectionCatalog.File(
            name: String(cString: entry.name),
            descriptor: Array(UnsafeBufferPointer(start: entry.descriptor, count: entry.descriptor_length)),
            dependencies: strings(entry.dependencies, entry.dependency_count),
            services: strings(entry.services, entry.service_count),
            symbols: strings(entry.symbols, entry.symbol_count))
    }
}

private func strings(_ array: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int) -> [String] {
    guard let array else { return [] }
    return (0..<count).compactMap { array[$0].map { String(cString: $0) } }
}
