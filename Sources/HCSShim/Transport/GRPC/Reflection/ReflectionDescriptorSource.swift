/// One `.proto` file as server reflection serves it.
public struct ReflectionFile: Sendable, Equatable {
    /// The file's path as imported, `containerd/task/v2/shim.proto`.
    public var name: String
    /// The serialized `google.protobuf.FileDescriptorProto`.
    public var descriptor: [UInt8]
    /// Direct imports, by file name.
    public var dependencies: [String]

    public init(name: String, descriptor: [UInt8], dependencies: [String] = []) {
        self.name = name
        self.descriptor = descriptor
        self.dependencies = dependencies
    }
}

/// Where server reflection finds descriptors: the wire layer's descriptor catalog in the shim,
/// a hand-made table in tests.
public protocol ReflectionDescriptorSource: Sendable {
    /// The file with this exact name, or nil.
    func file(named name: String) -> ReflectionFile?
    /// The file defining this fully qualified message, enum, or service (`containerd.task.v2.Task`),
    /// or nil. Reflection itself resolves nested names (methods, fields) to their parents.
    func file(definingSymbol symbol: String) -> ReflectionFile?
}

/// A fixed list of files with the symbols each defines.
public struct ReflectionFileTable: ReflectionDescriptorSource {
    private var files: [String: ReflectionFile] = [:]
    private var symbols: [String: String] = [:]

    public init() {}

    public mutating func add(_ file: ReflectionFile, symbols defined: [String]) {
        files[file.name] = file
        for symbol in defined { symbols[symbol] = file.name }
    }

    public func file(named name: String) -> ReflectionFile? { files[name] }

    public func file(definingSymbol symbol: String) -> ReflectionFile? { symbols[symbol].flatMap { files[$0] } }
}
