import Testing
@testable import HCSShim

@Suite("HCS layer ids")
struct HCSLayerIDTests {
    @Test func formatsTheWindowsGUIDMemoryLayout() {
        // bd9c3ef9-f239-59b5-a27e-15c523b1d149 (NameToGuid("4")) as a GUID struct in memory.
        let bytes: [UInt8] = [0xF9, 0x3E, 0x9C, 0xBD, 0x39, 0xF2, 0xB5, 0x59,
                              0xA2, 0x7E, 0x15, 0xC5, 0x23, 0xB1, 0xD1, 0x49]
        #expect(HCSLayerID.string(windowsGUIDBytes: bytes) == "bd9c3ef9-f239-59b5-a27e-15c523b1d149")
        #expect(HCSLayerID.string(windowsGUIDBytes: [UInt8](repeating: 0, count: 16)) == "00000000-0000-0000-0000-000000000000")
        #expect(HCSLayerID.string(windowsGUIDBytes: [1, 2]) == "")
    }

    /// Every published id has the shape hcs-and-peers §3 reports for NameToGuid output: lowercase
    /// 8-4-4-4-12 hex, version nibble 5, RFC 4122 variant; a transcription slip would break it.
    @Test(arguments: HCSLayerID.published.sorted { $0.key < $1.key })
    func publishedIDsAreVersion5GUIDs(_ name: String, _ id: String) {
        let groups = id.split(separator: "-").map(String.init)
        #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(name)")
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(name)")
        #expect(groups.count == 5 && groups[2].first == "5", "\(name)")
        #expect(groups.count == 5 && groups[3].first.map { "89ab".contains($0) } == true, "\(name)")
    }

    @Test func unresolvedNamesGetTheirPublishedIDOrAPlaceholder() {
        #expect(HCSLayerID.unresolved("4") == "bd9c3ef9-f239-59b5-a27e-15c523b1d149")
        #expect(HCSLayerID.unresolved("layer-app") == "NameToGuid(layer-app)")
    }
}
