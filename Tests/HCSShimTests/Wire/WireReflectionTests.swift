import Testing
@testable import HCSShim

/// Reflection messages (oneofs included) against `protoc --encode` bytes, and the generated
/// descriptor catalog.
@Suite struct WireReflectionTests {
    static let goldens: [GoldenCase] = [
        GoldenCase(
            ServerReflectionRequest(host: "h", messageRequest: .fileContainingSymbol("containerd.task.v2.Task")),
            "0a01682217636f6e7461696e6572642e7461736b2e76322e5461736b"),
        GoldenCase(
            ServerReflectionRequest(
                messageRequest: .fileContainingExtension(ExtensionRequest(containingType: "x.Y", extensionNumber: 7))),
            "2a070a03782e591007"),
        // A oneof member is encoded even when empty: that is how clients ask for the list.
        GoldenCase(ServerReflectionRequest(messageRequest: .listServices("")), "3a00"),
        GoldenCase(
            ServerReflectionResponse(
                validHost: "h", originalRequest: ServerReflectionRequest(messageRequest: .listServices("*")),
                messageResponse: .listServicesResponse(
                    ListServiceResponse(service: [ServiceResponse(name: "a.B"), ServiceResponse(name: "c.D")]))),
            "0a016812033a012a320e0a050a03612e420a050a03632e44"),
        GoldenCase(
            ServerReflectionResponse(
                originalRequest: ServerReflectionRequest(messageRequest: .fileByFilename("x.proto")),
                messageResponse: .fileDescriptorResponse(FileDescriptorResponse(fileDescriptorProto: [[0x0a, 0x01, 0x78], []]))),
            "12091a07782e70726f746f22070a030a01780a00"),
        GoldenCase(
            ServerReflectionResponse(messageResponse: .errorResponse(ErrorResponse(ShimError.notFound("symbol not found")))),
            "3a140805121073796d626f6c206e6f7420666f756e64"),
        GoldenCase(ExtensionNumberResponse(baseTypeName: "a.B", extensionNumber: [1, -2]), "0a03612e42120b01feffffffffffffffff01"),
    ]

    @Test(arguments: goldens)
    func encodesLikeProtoc(_ golden: GoldenCase) throws {
        #expect(Hex.string(golden.message.packed()) == golden.hex)
        #expect(try golden.decodesToMessage(Hex.bytes(golden.hex)))
    }

    @Test func requestWithoutAChoiceDecodesToNil() throws {
        #expect(try ServerReflectionRequest(unpacking: Hex.bytes("0a0168")).messageRequest == nil)
        #expect(try ServerReflectionRequest(unpacking: []).messageRequest == nil)
    }

    @Test func catalogListsEveryServiceOfTheProject() {
        #expect(
            ReflectionCatalog.generated.serviceNames == [
                "containerd.services.events.ttrpc.v1.Events", "containerd.task.v2.Task", "containerd.task.v3.Task",
                "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "hcsshim.events.v1.Events",
            ])
    }

    @Test func catalogFindsFilesBySymbol() throws {
        let catalog = ReflectionCatalog.generated
        let shim = try #require(catalog.file(containingSymbol: "containerd.task.v3.Task.Create"))
        #expect(shim.name == "containerd/task/v3/shim.proto")
        #expect(catalog.file(containingSymbol: ".containerd.task.v3.CreateTaskRequest") == shim)
        #expect(catalog.file(containingSymbol: "containerd.task.v2.UpdateTaskRequest.AnnotationsEntry")?.name
            == "containerd/task/v2/shim.proto")
        #expect(catalog.file(containingSymbol: "containerd.v1.types.Status")?.name == "containerd/types/task/task.proto")
        #expect(catalog.file(containingSymbol: "hcsshim.events.v1.Events.Subscribe")?.name == "hcsshim/events/v1/events.proto")
        #expect(catalog.file(containingSymbol: "containerd.task.v3.Nope") == nil)
        #expect(catalog.file(named: "nope.proto") == nil)
    }

    @Test func dependenciesAreCompleteAndTransitive() throws {
        let catalog = ReflectionCatalog.generated
        for file in catalog.files {
            for dependency in file.dependencies {
                #expect(catalog.file(named: dependency) != nil, "\(file.name) imports missing \(dependency)")
            }
        }
        let shim = try #require(catalog.file(named: "containerd/task/v2/shim.proto"))
        let closure = catalog.withTransitiveDependencies(shim).map(\.name)
        #expect(closure.first == "containerd/task/v2/shim.proto")
        #expect(Set(closure) == [
            "containerd/task/v2/shim.proto", "google/protobuf/any.proto", "google/protobuf/empty.proto",
            "google/protobuf/timestamp.proto", "containerd/types/mount.proto", "containerd/types/task/task.proto",
        ])
        #expect(closure.count == Set(closure).count)
        let ttrpc = try #require(catalog.file(named: "ttrpc/request.proto"))
        #expect(catalog.withTransitiveDependencies(ttrpc).map(\.name)
            == ["ttrpc/request.proto", "google/rpc/status.proto", "google/protobuf/any.proto"])
    }

    @Test func descriptorsStartWithTheirFileNameAndPackage() throws {
        // FileDescriptorProto: 1 name (string), 2 package (string), in that order.
        for file in ReflectionCatalog.generated.files {
            let name = Array(file.name.utf8)
            #expect(Array(file.descriptor.prefix(2 + name.count)) == [0x0a, UInt8(name.count)] + name)
            let packageTag = file.descriptor[2 + name.count]
            #expect(packageTag == 0x12, "\(file.name)")
        }
    }
}
