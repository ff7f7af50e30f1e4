#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Positional I/O for files the shim keeps as logs it appends to and reads back in order
/// (the event spill). Blocking; regular files only.
extension FileDescriptor {
    /// Writes all of `bytes` at `offset`. The corresponding C function is `pwrite`.
    public func write(_ bytes: [UInt8], at offset: Int64) throws(ShimError) {
        var done = 0
        while done < bytes.count {
            let n = try retryingInterrupts("pwrite") {
                bytes[done...].withUnsafeBytes { pwrite(rawValue, $0.baseAddress, $0.count, off_t(offset) + off_t(done)) }
            }
            guard n > 0 else { throw ShimError(.dataLoss, "pwrite: wrote nothing") }
            done += n
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer at end of file. The corresponding C
    /// function is `pread`.
    public func read(count: Int, at offset: Int64) throws(ShimError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = try retryingInterrupts("pread") {
                buffer.withUnsafeMutableBytes { raw in
                    pread(rawValue, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                }
            }
            if n == 0 { break }
            done += n
        }
        return Array(buffer[..<done])
    }

    /// Cuts the file to `length` bytes. The corresponding C function is `ftruncate`.
    public func truncate(to length: Int64) throws(ShimError) {
        _ = try retryingInterrupts("ftruncate") { ftruncate(rawValue, off_t(length)) }
    }
}
