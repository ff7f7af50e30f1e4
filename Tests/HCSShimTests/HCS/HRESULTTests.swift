import Testing
@testable import HCSShim

@Suite("HRESULT normalisation and classes")
struct HRESULTTests {
    @Test(arguments: [
        (UInt32(0x8007_0490), UInt32(0x490)),
        (0x8007_10D8, 0x10D8),
        (0x8007_0005, 0x5),
        (0x8004_01F3, 0x8004_01F3),
        (0xC037_0110, 0xC037_0110),
        (0x8037_011F, 0x8037_011F),
        (0x0000_045B, 0x45B),
    ])
    func facilityWin32IsNormalised(_ raw: UInt32, _ normalised: UInt32) {
        #expect(HRESULT(raw).rawValue == normalised)
    }

    @Test func theSeedsInvalidObjectComparisonNowMatches() {
        // The seed compared raw 0x800710D8 against results that had already been normalised.
        #expect(HRESULT(0x8007_10D8) == HRESULT.invalidObject)
        #expect(HRESULT(0x8007_0490) == HRESULT.elementNotFound)
    }

    @Test func onlyTheSignBitMakesAFailure() {
        #expect(HRESULT.failure(returned: 0) == nil)
        #expect(HRESULT.failure(returned: 1) == nil)
        #expect(HRESULT.failure(returned: 0x8007_0005) == .accessDenied)
        #expect(HRESULT.failure(returned: 0xC037_0103) == .operationPendingLegacy)
    }

    @Test(arguments: [
        (UInt32(0x8007_0490), HRESULTClass.notFound, ShimError.Code.notFound),
        (0xC037_010E, .notFound, .notFound),
        (0x8037_010E, .notFound, .notFound),
        (0x8007_0006, .notFound, .notFound),
        (0xC037_0110, .alreadyStopped, .notFound),
        (0x8037_0110, .alreadyStopped, .notFound),
        (0x8037_011F, .alreadyStopped, .notFound),
        (0xC037_0103, .pending, .unavailable),
        (0x8037_0117, .pending, .unavailable),
        (0xC037_0105, .invalidState, .failedPrecondition),
        (0x8037_0105, .invalidState, .failedPrecondition),
        (0xC037_010D, .notSupported, .unimplemented),
        (0xC037_010B, .notSupported, .unimplemented),
        (0x8007_000D, .notSupported, .unimplemented),
        (0x8007_0032, .notSupported, .unimplemented),
        (0x8007_007F, .notSupported, .unimplemented),
        (0x8007_0005, .accessDenied, .permissionDenied),
        (0x8037_0118, .timeout, .deadlineExceeded),
        (0x8007_045B, .other, .unknown),
        (0x8004_01F3, .other, .unknown),
        (0xC037_0106, .other, .unknown),
    ])
    func classes(_ raw: UInt32, _ expectedClass: HRESULTClass, _ code: ShimError.Code) {
        let error = HCSCallError(call: "HcsTest", result: HRESULT(raw))
        #expect(error.errorClass == expectedClass)
        #expect(error.shimError.code == code)
    }

    @Test func messagesNameTheCallAndTheResult() {
        let error = HCSCallError(call: "HcsStartComputeSystem", result: HRESULT(0x8007_0490), detail: "{\"Error\":1}")
        #expect(error.shimError == ShimError(.notFound, "HcsStartComputeSystem: ERROR_NOT_FOUND (0x00000490): {\"Error\":1}"))
        #expect(HCSCallError(call: "X", result: HRESULT(0x8000_4005)).description == "X: 0x80004005")
    }

    @Test func seedShutdownResultsDoNotFallBackToTerminate() {
        for benign: UInt32 in [1115, 161, 3, 0xC037_0110, 0xC037_010E, 0xC037_0103] {
            #expect(HCSSystemControl.shutdownNeedsNoTerminate(HCSCallError(call: "s", result: HRESULT(benign))))
        }
        for failing: UInt32 in [0x8000_4005, 0xC037_0105, 0x8037_0118, 0x8007_0005] {
            #expect(!HCSSystemControl.shutdownNeedsNoTerminate(HCSCallError(call: "s", result: HRESULT(failing))))
        }
    }
}
