#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whole-file reads and writes and small directory operations, with errno classification
/// (`.notFound` for ENOENT, `.alreadyExists` for EEXIST, ...). For small files: pid files,
/// runtime options, cgroup and /proc entries.
public enum Files {
    /// Reads the whole file. Throws the classified errno of open/read.
    public static func read(_ path: String) throws(ShimError) -> [UInt8] {
        let fd = try FileDescriptor.open(path, O_RDONLY)
        defer { fd.close() }
        var bytes: [UInt8] = []
        while let chunk = try fd.read(upTo: 65536), !chunk.isEmpty { bytes += chunk }
        return bytes
    }

    /// Reads the file as UTF-8 text.
    public static func readText(_ path: String) throws(ShimError) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Writes `bytes` to `path` atomically: a temporary sibling, then `rename`.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(ShimError) {
        let temporary = path + ".tmp"
        let fd = try FileDescriptor.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            try writeFully(fd, bytes)
            fd.close()
        } catch {
            fd.close()
            unlink(temporary)
            throw error
        }
        _ = try retryingInterrupts("rename \(temporary)") { rename(temporary, path) }
    }

    /// Writes all of `bytes` to an open, blocking descriptor (for example a cgroup control file).
    public static func writeFully(_ fd: FileDescriptor, _ bytes: [UInt8]) throws(ShimError) {
        var offset = 0
        while offset < bytes.count {
            guard let count = try fd.write(bytes[offset...]) else { continue }
            offset += count
        }
    }

    /// Opens `path` write-only and writes `text` in one call (cgroup and /proc files want that).
    public static func writeText(_ path: String, _ text: String) throws(ShimError) {
        let fd = try FileDescriptor.open(path, O_WRONLY)
        defer { fd.close() }
        try writeFully(fd, Array(text.utf8))
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// Creates a directory with `mode`; an existing one is fine (its mode is left as it is).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(ShimError) {
        if mkdir(path, mode) != 0 && errno != EEXIST { throw errnoError("mkdir \(path)") }
    }

    /// Creates `path` and any missing parents with `mode`.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(ShimError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try makeDirectory(prefix, mode: mode)
        }
    }

    /// Creates a fresh directory `<parent>/<prefix>XXXXXX` (mode 0700) and returns its path.
    public static func makeTemporaryDirectory(in parent: String = "/tmp", prefix: String) throws(ShimError) -> String {
        var template = Array("\(parent)/\(prefix)XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard created else { throw errnoError("mkdtemp in \(parent)") }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes an empty directory; a missing one is not an error.
    public static func removeDirectory(_ path: String) {
        rmdir(path)
    }

    /// The size in bytes of the file at `path`, nil if it cannot be stat'ed.
    public static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Whether something exists at `path` (without following a final symlink).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
