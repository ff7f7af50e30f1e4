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

    /// Writes `bytes` to `path` atomically: a temporary sibling `<path>.tmp` made with
    /// `createFresh` (never through a symlink), then `rename`, which replaces whatever name is at
    /// `path` without following it. A symlink found at `path` is refused all the same: the shim
    /// writes these files as root into a directory others may write, and a planted link is
    /// tampering to report, not to paper over.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(ShimError) {
        let temporary = path + ".tmp"
        try refuseSymlink(path)
        let fd = try createFresh(temporary, mode: mode)
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

    /// Creates `path` for writing (and reading, with `readable`) as a new file, never through a
    /// symlink: a stale regular file is unlinked first (the shim rewrites its own files after a
    /// crash), anything else there — a symlink, a directory, a fifo — is refused with
    /// FAILED_PRECONDITION and left alone, and the open itself is `O_CREAT|O_EXCL|O_NOFOLLOW`,
    /// so a link planted between the check and the open fails it too (EEXIST).
    public static func createFresh(_ path: String, mode: mode_t, readable: Bool = false) throws(ShimError) -> FileDescriptor {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { throw notRegular(path, info.st_mode) }
            if unlink(path) != 0 && errno != ENOENT { throw errnoError("unlink \(path)") }
        }
        let access = readable ? O_RDWR : O_WRONLY
        return try FileDescriptor.open(path, access | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
    }

    /// Throws FAILED_PRECONDITION if `path` is a symlink; a missing path is fine.
    static func refuseSymlink(_ path: String) throws(ShimError) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw notRegular(path, info.st_mode) }
    }

    private static func notRegular(_ path: String, _ mode: mode_t) -> ShimError {
        let kind = switch mode & S_IFMT {
        case S_IFLNK: "a symbolic link"
        case S_IFDIR: "a directory"
        case S_IFIFO: "a fifo"
        default: "not a regular file"
        }
        return ShimError.failedPrecondition("refusing to write \(path): it is \(kind)")
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
