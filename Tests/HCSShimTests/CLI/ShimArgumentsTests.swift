import Testing
@testable import HCSShim

@Suite struct ShimArgumentsTests {
    @Test func containerdStartInvocation() throws {
        let args = try ShimArguments(parsing: [
            "-namespace", "bench", "-address", "/tmp/c.sock", "-publish-binary", "/usr/bin/containerd",
            "-id", "p1", "-debug", "start",
        ])
        #expect(args.action == .start && args.namespace == "bench" && args.address == "/tmp/c.sock")
        #expect(args.publishBinary == "/usr/bin/containerd" && args.id == "p1" && args.debug)
    }

    @Test func deleteWithBundleAndEqualsForms() throws {
        let args = try ShimArguments(parsing: ["--namespace=k8s.io", "-id=abc", "-bundle", "/run/b", "delete"])
        #expect(args.action == .delete && args.namespace == "k8s.io" && args.id == "abc" && args.bundle == "/run/b")
    }

    @Test func serveModeAndFlagsOnly() throws {
        #expect(try ShimArguments(parsing: ["-namespace", "n", "-id", "x", "-socket", "/s"]).action == .serve)
        #expect(try ShimArguments(parsing: ["-v"]).action == .version)
        #expect(try ShimArguments(parsing: ["-info"]).action == .info)
        #expect(try ShimArguments(parsing: ["-debug=false", "-id", "x"]).debug == false)
    }

    @Test func unknownFlagsAreTolerated() throws {
        let args = try ShimArguments(parsing: ["-debug-socket", "/d.sock", "-ttrpc-whatever", "-id", "x", "start"])
        #expect(args.action == .start && args.id == "x")
        #expect(args.unknownFlags == ["debug-socket", "ttrpc-whatever"])
    }

    @Test func unknownActionIsAnError() {
        #expect { try ShimArguments(parsing: ["frobnicate"]) } throws: { ($0 as? ShimError)?.code == .invalidArgument }
    }
}
