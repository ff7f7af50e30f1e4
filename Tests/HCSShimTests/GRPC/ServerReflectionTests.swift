import Testing
@testable import HCSShim

extension GRPCTests {
    /// Reflection answers and their encoding, without a transport. The descriptors are stand-in
    /// bytes here; the grpcurl tests use real ones.
    @Suite struct ServerReflectionTests {
        static var table: ReflectionFileTable {
            var table = ReflectionFileTable()
            table.add(ReflectionFile(name: "a/service.proto", descriptor: [1], dependencies: ["b/types.proto", "c/base.proto"]),
                      symbols: ["pkg.Service", "pkg.Request"])
            table.add(ReflectionFile(name: "b/types.proto", descriptor: [2], dependencies: ["c/base.proto"]), symbols: ["pkg.Type"])
            table.add(ReflectionFile(name: "c/base.proto", descriptor: [3]), symbols: ["base.Base"])
            return table
        }

        let reflection = ServerReflection(services: ["pkg.Service"], descriptors: Self.table)

        @Test func listsTheTableServicesAndItself() {
            #expect(reflection.answer(.listServices) == .services([
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "pkg.Service",
            ]))
        }

        @Test func fileComesFirstThenEachTransitiveImportOnce() {
            #expect(reflection.answer(.fileByFilename("a/service.proto")) == .files([[1], [2], [3]]))
            #expect(reflection.answer(.fileByFilename("b/types.proto")) == .files([[2], [3]]))
        }

        @Test func nestedSymbolsResolveToTheirEnclosingDefinition() {
            #expect(reflection.answer(.fileContainingSymbol("pkg.Service")) == .files([[1], [2], [3]]))
            #expect(reflection.answer(.fileContainingSymbol("pkg.Service.Create")) == .files([[1], [2], [3]]))
            #expect(reflection.answer(.fileContainingSymbol(".base.Base.field")) == .files([[3]]))
        }

        @Test func unknownNamesAndExtensionsAreNotFound() {
            for query in [
                ReflectionQuery.fileContainingSymbol("pkg.Missing"), .fileContainingSymbol("pkg"),
                .fileByFilename("x.proto"), .fileContainingExtension(type: "pkg.Type", number: 100),
                .allExtensionNumbers(type: "pkg.Missing"),
            ] {
                guard case .error(let error) = reflection.answer(query) else {
                    Issue.record("\(query) answered without an error")
                    continue
                }
                #expect(error.code == .notFound)
            }
            #expect(reflection.answer(.allExtensionNumbers(type: "pkg.Type")) == .extensionNumbers(type: "pkg.Type", numbers: []))
        }

        @Test func decodesEveryRequestKind() throws {
            func request(_ build: (inout ProtobufWriter) -> Void) -> [UInt8] {
                var writer = ProtobufWriter()
                writer.string(1, "localhost")
                build(&writer)
                return writer.output
            }
            #expect(try ReflectionCodec.decode(request { $0.string(7, "*") }) == ("localhost", .listServices))
            #expect(try ReflectionCodec.decode(request { $0.string(3, "a.proto") }).query == .fileByFilename("a.proto"))
            #expect(try ReflectionCodec.decode(request { $0.string(4, "pkg.S") }).query == .fileContainingSymbol("pkg.S"))
            #expect(try ReflectionCodec.decode(request { $0.string(6, "pkg.T") }).query == .allExtensionNumbers(type: "pkg.T"))
            var extensionRequest = ProtobufWriter()
            extensionRequest.string(1, "pkg.T")
            extensionRequest.varint(2, 42)
            #expect(try ReflectionCodec.decode(request { $0.bytes(5, extensionRequest.output) }).query
                == .fileContainingExtension(type: "pkg.T", number: 42))
            #expect(try ReflectionCodec.decode([]).query == .unspecified)
            #expect(throws: ShimError.invalidArgument("reflection: malformed request")) {
                try ReflectionCodec.decode([0x22, 0x05, 0x61])
            }
        }

        @Test func encodesAnswersAroundTheOriginalRequest() throws {
            let original: [UInt8] = [0x3a, 0x01, 0x2a]  // list_services: "*"
            // valid_host "h", original_request, list_services_response{service{name "pkg.S"}}
            #expect(ReflectionCodec.encode(.services(["pkg.S"]), host: "h", request: original) == [
                0x0a, 0x01, 0x68, 0x12, 0x03, 0x3a, 0x01, 0x2a,
                0x32, 0x09, 0x0a, 0x07, 0x0a, 0x05, 0x70, 0x6b, 0x67, 0x2e, 0x53,
            ])
            // file_descriptor_response with an empty descriptor still carries the entry.
            #expect(ReflectionCodec.encode(.files([[9], []]), host: "", request: []) == [0x22, 0x05, 0x0a, 0x01, 0x09, 0x0a, 0x00])
            // error_response{error_code 5, error_message "x"}
            #expect(ReflectionCodec.encode(.error(.notFound("x")), host: "", request: []) == [0x3a, 0x05, 0x08, 0x05, 0x12, 0x01, 0x78])
        }
    }
}
