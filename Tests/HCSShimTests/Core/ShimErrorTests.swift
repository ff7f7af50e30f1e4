import Testing
@testable import HCSShim

@Suite struct ShimErrorTests {
    @Test func codesAreGRPCStatusCodes() {
        #expect(ShimError.Code.notFound.rawValue == 5)
        #expect(ShimError.Code.failedPrecondition.rawValue == 9)
        #expect(ShimError.Code.unimplemented.rawValue == 12)
    }

    @Test func classifyKeepsShimErrorsAndWrapsOthers() {
        struct Other: Error {}
        #expect(ShimError.classify(ShimError.notFound("x")).code == .notFound)
        #expect(ShimError.classify(Other()).code == .unknown)
        #expect(ShimError.classify(CancellationError()).code == .canceled)
    }
}
