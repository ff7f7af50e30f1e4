import Testing
@testable import HCSShim

extension GRPCTests {
    /// Reflection answers and their messages, without a transport. The descriptors are
    /// stand-in bytes here; the grpcurl tests use real ones.
    @Suite struct ServerReflectionTests {
        static let catalog = ReflectionCatalog(files: [
            ReflectionCatalog.File(
                name: "a/service.proto", descriptor: [1], dependencies: ["b/types.proto", "c/base.proto"],
                services: ["pkg.Service"], symbols: ["pkg.Request", "pkg.Service", "pkg.Service.Create"]),
            ReflectionCatalog.File(
                name: "b/types.proto", descriptor: [2], dependencies: ["c/base.proto"], services: [], symbols: ["pkg.Type"]),
            ReflectionCatalog.File(name: "c/base.proto", descriptor: [3], dependencies: [], services: [], symbols: ["base.Base"]),
        ])

        let reflection = ServerReflection(services: ["pkg.Service"], catalog: Self.catalog)

        @Test func listsTheServedServicesAndItself() {
            #expect(reflection.answer(.listServices) == .services([
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "pkg.Service",
            ]))
        }

        @Test func fileComesFirstThenEachTransitiveImportOnce() {
            #expect(reflection.answer(.fileByFilename("a/service.proto")) == .files([[1], [2], [3]]))
            #expect(reflection.answer(.fileByFilename("b/types.proto")) == .files([[2], [3]]))
        }

        @Test func symbolsAndNestedNamesResolveToTheirFile() {
            #expect(reflection.answer(.fileContainingSymbol("pkg.Service")) == .files([[1], [2], [3]]))
            #expect(reflection.answer(.fileContainingSymbol("pkg.Service.Create")) == .files([[1], [2], [3]]))
            // Not in the catalog's symbols (a field): resolved through its message.
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
            #expect(reflection.answer(.unspecified) == .error(.invalidArgument("reflection: no request set")))
        }

        @Test func requestsMapToQueries() throws {
            let cases: [(ServerReflectionRequest.MessageRequest?, ReflectionQuery)] = [
                (.listServices("*"), .listServices),
                (.fileByFilename("a.proto"), .fileByFilename("a.proto")),
                (.fileContainingSymbol("pkg.S"), .fileContainingSymbol("pkg.S")),
                (.allExtensionNumbersOfType("pkg.T"), .allExtensionNumbers(type: "pkg.T")),
                (.fileContainingExtension(ExtensionRequest(containingType: "pkg.T", extensionNumber: 42)),
                 .fileContainingExtension(type: "pkg.T", number: 42)),
                (nil, .unspecified),
            ]
            for (request, query) in cases {
                let bytes = ServerReflectionRequest(host: "h", messageRequest: request).packed()
                #expect(ReflectionCodec.query(of: try ReflectionCodec.decode(bytes)) == query)
            }
            #expect(throws: ShimError.self) { try ReflectionCodec.decode([0x22, 0x05, 0x61]) }
        }

        @Test func answersEchoTheRequestAndCarryTheirOneofMember() throws {
            let request = ServerReflectionRequest(host: "h", messageRequest: .listServices("*"))
            let cases: [(ReflectionAnswer, ServerReflectionResponse.MessageResponse)] = [
                (.services(["pkg.S"]), .listServicesResponse(ListServiceResponse(service: [ServiceResponse(name: "pkg.S")]))),
                (.files([[9], []]), .fileDescriptorResponse(FileDescriptorResponse(fileDescriptorProto: [[9], []]))),
                (.extensionNumbers(type: "pkg.T", numbers: []),
                 .allExtensionNumbersResponse(ExtensionNumberResponse(baseTypeName: "pkg.T"))),
                (.error(.notFound("x")), .errorResponse(ErrorResponse(errorCode: 5, errorMessage: "x"))),
            ]
            for (answer, member) in cases {
                let response = try ServerReflectionResponse(unpacking: ReflectionCodec.encode(answer, to: request))
                #expect(response == ServerReflectionResponse(validHost: "h", originalRequest: request, messageResponse: member))
            }
        }
    }
}
