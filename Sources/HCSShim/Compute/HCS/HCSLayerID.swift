/// Layer ids: HCS names each read-only layer by `NameToGuid` of its folder's base name.
///
/// The algorithm is not published (hcs-and-peers §3), so the real value comes from
/// `vmcompute.dll` (`HCSAPI.nameToGUID`). This type holds what is known off Windows: how a
/// `GUID` struct is written as text, and the input/output pairs read off published HCS documents,
/// which are test vectors for the Windows binding and let documents rendered off Windows carry
/// real ids for those names.
public enum HCSLayerID {
    /// The text form of the 16 bytes of a Windows `GUID` struct: `Data1` (UInt32), `Data2`,
    /// `Data3` (UInt16) little-endian in memory, then `Data4` (8 bytes in order), written
    /// lowercase as `Data1-Data2-Data3-Data4[0..2]-Data4[2..8]` (hcsshim's `GUID.ToString`).
    /// A byte count other than 16 gives an empty string.
    public static func string(windowsGUIDBytes bytes: [UInt8]) -> String {
        guard bytes.count == 16 else { return "" }
        func hex(_ slice: [UInt8]) -> String {
            slice.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
        }
        let data1 = hex(bytes[0..<4].reversed())
        let data2 = hex(bytes[4..<6].reversed())
        let data3 = hex(bytes[6..<8].reversed())
        return "\(data1)-\(data2)-\(data3)-\(hex(Array(bytes[8..<10])))-\(hex(Array(bytes[10..<16])))"
    }

    /// A layer id without `vmcompute.dll`: the published id for a known name, else the visible
    /// placeholder `NameToGuid(<name>)`.
    public static func unresolved(_ name: String) -> String {
        published[name] ?? "NameToGuid(\(name))"
    }

    /// Published `NameToGuid` results (base name → id).
    public static let published: [String: String] = [
        // microsoft/hcsshim#1072
        "4": "bd9c3ef9-f239-59b5-a27e-15c523b1d149",
        // microsoft/Windows-Containers#335 (containerd snapshot folders)
        "28": "9e6302af-4082-5230-ac0e-efe1e3828954",
        "27": "b312b1d4-d749-5cc3-97e7-e272c3e9edf7",
        "26": "0366d7a7-bfaf-5a58-bfed-6eb916450ea5",
        "25": "ccdd871c-d89e-5f7b-a641-ef72794a2f01",
        // docker/for-win#703
        "2b31f86e7aea1cee80d77af24b362171cb06985b155bf2ff103f0a2cbfd941f6": "87ec27a6-f5e9-50c8-9ae1-161c316c0eca",
        "2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6": "d170642d-fe0d-5fca-b04e-a3b1139b984f",
        // docker/for-win#2158
        "4e3c0eecb91d8fc28eda07ff06c6910a592b0ce4539476fb943b48e6934e9976": "cd22d128-903e-550a-9d8f-aa8134ca1c9b",
        "e2a46135ff011a2ef9f193590ccddde95806850a0cdd7638b913e003c28e7fd0": "8f9dd02a-0f67-598e-921b-59884f08b5af",
        "3030b7a20c848d1553700c1ccf0369b0f5d9b3d9a4c37ea6652fd54809a60a07": "4d2dfb6d-2f3b-5926-adf1-4bd7e162b91f",
        "2a4a12b082184aec3c238334a57cae90eb5ae33d25dab0cc5a8c65c67293782d": "f1f65ef4-dda7-5263-88b0-8c816567a93a",
    ]
}
