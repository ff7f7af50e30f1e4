/// Owns every allocation made while filling protobuf-c structs for one `pack`: the message
/// structs, copied strings, byte buffers and pointer arrays. All of it is released together
/// when the arena dies, after `protobuf_c_message_pack` has copied the encoding out.
///
/// Not thread-safe; one arena serves one pack on one thread. Nothing allocated here may be
/// handed to `protobuf_c_message_free_unpacked` (that frees with protobuf-c's allocator).
final class PackArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Zero-filled memory, aligned for any C scalar or pointer.
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let count = max(byteCount, 1)
        let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        block.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        blocks.append(block)
        return block
    }

    /// A NUL-terminated copy of `string`'s UTF-8, as protobuf-c `char *` fields expect.
    /// An embedded NUL would end the C string early; protobuf strings never need one.
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var utf8 = Array(string.utf8)
        utf8.append(0)
        let block = allocate(byteCount: utf8.count)
        block.copyMemory(from: utf8, byteCount: utf8.count)
        return block.assumingMemoryBound(to: CChar.self)
    }

    /// A copy of `bytes`, or nil when empty (protobuf-c treats `len == 0` as absent).
    func copy(_ bytes: [UInt8]) -> UnsafeMutablePointer<UInt8>? {
        guard !bytes.isEmpty else { return nil }
        let block = allocate(byteCount: bytes.count)
        block.copyMemory(from: bytes, byteCount: bytes.count)
        return block.assumingMemoryBound(to: UInt8.self)
    }
}
