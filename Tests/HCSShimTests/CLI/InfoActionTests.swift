import Testing
@testable import HCSShim

/// `-info` against the real runtimes: the features are the runtime's own `features` output,
/// the options come back as sent, and a runtime without the command is answered all the same.
@Suite struct InfoActionTests {
    /// What the runtime itself prints for `features`, or nil when it has no such command.
    func ownFeatures(_ runtime: String) async throws -> [UInt8]? {
        let output = try await ProcessSpawner.run([runtime, "features"])
        return output.status.code == 0 ? output.stdout : nil
    }

    @Test func runcByDefaultReportsItsFeatures() async throws {
        let (info, diagnostic) = await InfoAction.run(stdin: [], backend: RuncBackend())
        #expect(info.name == "io.containerd.hcs.v1")
        #expect(info.options == nil)
        let expected = try #require(try await ownFeatures("runc"), "runc on this machine has `features`")
        #expect(diagnostic == nil)
        #expect(info.features == TypedPayload(typeURL: TypedPayload.ociFeaturesTypeURL, value: expected))
        // The bytes survive packing: containerd decodes exactly what the runtime printed.
        let decoded = try RuntimeInfo(unpacking: info.packed())
        #expect(decoded.features?.value == expected)
    }

    @Test func theOptionsChooseTheRuntimeAndAreEchoed() async throws {
        var options = RuntimeOptions()
        options.binaryName = "crun"
        let any = TypedPayload(options)
        let (info, diagnostic) = await InfoAction.run(stdin: any.packed(), backend: RuncBackend())
        #expect(info.options == any)
        if let expected = try await ownFeatures("crun") {
            #expect(diagnostic == nil)
            #expect(info.features?.value == expected)
        } else {
            // Debian 12's crun 1.8.1 has no `features`: no features, and stderr says why.
            #expect(info.features == nil)
            #expect(diagnostic?.contains("crun features") == true, "\(diagnostic ?? "")")
        }
    }

    @Test func aMissingRuntimeIsReportedNotFatal() async throws {
        var options = RuntimeOptions()
        options.binaryName = "/nonexistent/runtime"
        let (info, diagnostic) = await InfoAction.run(stdin: TypedPayload(options).packed(), backend: RuncBackend())
        #expect(info.name == "io.containerd.hcs.v1" && info.features == nil)
        #expect(diagnostic != nil)
    }
}
