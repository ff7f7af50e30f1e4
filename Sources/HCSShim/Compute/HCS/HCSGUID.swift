/// Formats the 16 bytes of a Windows `GUID` struct as HCS spells layer ids.
///
/// A `GUID` is `Data1` (UInt32), `Data2`, `Data3` (UInt16), all little-endian in memory on
/// Windows, then `Data4` (8 bytes in order); the text form is lowercase
/// `Data1-Data2-Data3-Data4[0..2]-Data4[2..8]`, as hcsshim's `GUID.ToString` writes it.
public enum HCSGUID {
    /// Returns the canonical text; a byte count other than 16 gives an empty string.
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
}
