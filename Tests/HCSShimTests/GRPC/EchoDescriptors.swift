import Foundation
@testable import HCSShim

/// Real FileDescriptorProtos for `test.Echo`, compiled by protoc at test time, so that
/// reflection clients (grpcurl) can describe and call the test service.
enum EchoDescriptors {
    static let proto = """
        syntax = "proto3";
        package test;
        import "google/protobuf/empty.proto";
        message Blob { bytes data = 1; }
        service Echo {
          rpc Echo(Blob) returns (Blob);
          rpc Count(Blob) returns (stream Blob);
          rpc Ping(google.protobuf.Empty) returns (google.protobuf.Empty);
        }
        """

    /// Why protoc cannot be used here, or nil.
    static func protocMissing() -> String? {
        ExternalTool.find("protoc") == nil ? "protoc is not on PATH" : nil
    }

    /// Compiles `proto` (with its imports) and returns the files with the symbols they define.
    static func compile() async throws -> ReflectionCatalog {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hcsshim-proto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try proto.write(to: directory.appendingPathComponent("test/echo.proto"), creatingDirectories: true)
        let set = directory.appendingPathComponent("set.pb")
        guard let protoc = ExternalTool.find("protoc") else { throw ShimError.unavailable("protoc is not on PATH") }
        let output = try await ExternalTool.run(protoc, [
            "--include_imports", "--descriptor_set_out=\(set.path)", "-I\(directory.path)", "-I/usr/include",
            "test/echo.proto",
        ])
        guard let bytes = try? [UInt8](Data(contentsOf: set)), !bytes.isEmpty else {
            throw ShimError.internal("protoc: \(output.stderr)")
        }
        return try catalog(fromDescriptorSet: bytes)
    }

    /// FileDescriptorSet (1: repeated FileDescriptorProto) → catalog files; a file's symbols
    /// are its package-qualified top-level messages (4), enums (5) and services (6).
    static func catalog(fromDescriptorSet bytes: [UInt8]) throws -> ReflectionCatalog {
        var files: [ReflectionCatalog.File] = []
        var set = ProtobufReader(bytes)
        while let (number, value) = try set.next() {
            guard number == 1 else { continue }
            var file = ProtobufReader(value.bytes)
            var name = ""
            var package = ""
            var dependencies: [String] = []
            var symbols: [String] = []
            var services: [String] = []
            while let (field, member) = try file.next() {
                switch field {
                case 1: name = member.text
                case 2: package = member.text
                case 3: dependencies.append(member.text)
                case 4, 5, 6:
                    var inner = ProtobufReader(member.bytes)
                    while let (innerField, innerValue) = try inner.next() {
                        guard innerField == 1 else { continue }
                        symbols.append(innerValue.text)
                        if field == 6 { services.append(innerValue.text) }
                    }
                default: continue
                }
            }
            let qualify = { (symbol: String) in package.isEmpty ? symbol : "\(package).\(symbol)" }
            files.append(ReflectionCatalog.File(
                name: name, descriptor: value.bytes, dependencies: dependencies,
                services: services.map(qualify), symbols: symbols.map(qualify)))
        }
        return ReflectionCatalog(files: files)
    }
}

extension String {
    func write(to url: URL, creatingDirectories: Bool) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try write(to: url, atomically: true, encoding: .utf8)
    }
}
