extension Array where Element == UInt8 {
    /// A buffer of `count` bytes for `read(2)`/`recv(2)` to fill, with unspecified contents:
    /// callers use only the bytes a read reports.
    ///
    /// `[UInt8](repeating: 0, count:)` writes every byte, so a 64 kB connection buffer is 64 kB
    /// of resident memory from the start, in every shim, though a ttrpc request is a few hundred
    /// bytes. Left unwritten, the pages a read never reaches are never faulted in.
    static func readBuffer(count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
