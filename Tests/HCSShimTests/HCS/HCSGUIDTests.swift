import Testing
@testable import HCSShim

@Suite("GUID text form")
struct HCSGUIDTests {
    @Test func formatsTheWindowsMemoryLayout() {
        // bd9c3ef9-f239-59b5-a27e-15c523b1d149 (NameToGuid("4")) as a GUID struct in memory.
        let bytes: [UInt8] = [0xF9, 0x3E, 0x9C, 0xBD, 0x39, 0xF2, 0xB5, 0x59,
                              0xA2, 0x7E, 0x15, 0xC5, 0x23, 0xB1, 0xD1, 0x49]
        #expect(HCSGUID.string(windowsGUIDBytes: bytes) == "bd9c3ef9-f239-59b5-a27e-15c523b1d149")
        #expect(HCSGUID.string(windowsGUIDBytes: [UInt8](repeating: 0, count: 16)) == "00000000-0000-0000-0000-000000000000")
        #expect(HCSGUID.string(windowsGUIDBytes: [1, 2]) == "")
    }
}
