#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Mounting containerd's rootfs mounts (`MountSpec`) and unmounting them again.
///
/// Option strings follow containerd's Linux table: flag words (`ro`, `nosuid`, `rbind`, …)
/// become `MS_*` flags, propagation words (`rprivate`, `shared`, …) are applied by a second
/// `mount` call, everything else (`lowerdir=…`, `upperdir=…`) is filesystem data, joined by
/// commas in the order given. A read-only bind mount is remounted read-only afterwards,
/// because the kernel ignores `MS_RDONLY` on the initial bind.
public enum Mount {
    /// `MS_*` values of the Linux mount ABI (stable kernel constants).
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt
        public init(rawValue: UInt) { self.rawValue = rawValue }
        public static let readOnly = Flags(rawValue: 1)
        public static let noSUID = Flags(rawValue: 2)
        public static let noDev = Flags(rawValue: 4)
        public static let noExec = Flags(rawValue: 8)
        public static let synchronous = Flags(rawValue: 16)
        public static let remount = Flags(rawValue: 32)
        public static let mandatoryLock = Flags(rawValue: 64)
        public static let dirSync = Flags(rawValue: 128)
        public static let noATime = Flags(rawValue: 1024)
        public static let noDirATime = Flags(rawValue: 2048)
        public static let bind = Flags(rawValue: 4096)
        public static let recursive = Flags(rawValue: 16384)
        public static let unbindable = Flags(rawValue: 1 << 17)
        public static let `private` = Flags(rawValue: 1 << 18)
        public static let slave = Flags(rawValue: 1 << 19)
        public static let shared = Flags(rawValue: 1 << 20)
        public static let relATime = Flags(rawValue: 1 << 21)
        public static let strictATime = Flags(rawValue: 1 << 24)

        static let propagation: Flags = [.unbindable, .private, .slave, .shared]
    }

    /// Options split into mount flags, propagation flags and filesystem data.
    public struct ParsedOptions: Sendable, Equatable {
        public var flags: Flags = []
        public var propagation: Flags = []
        public var data: String = ""
    }

    /// word → (clears the flag instead of setting it, flag); containerd's `parseMountOptions`.
    private static let flagTable: [String: (clear: Bool, flag: Flags)] = [
        "async": (true, .synchronous), "atime": (true, .noATime), "bind": (false, .bind),
        "defaults": (false, []), "dev": (true, .noDev), "diratime": (true, .noDirATime),
        "dirsync": (false, .dirSync), "exec": (true, .noExec), "mand": (false, .mandatoryLock),
        "noatime": (false, .noATime), "nodev": (false, .noDev), "nodiratime": (false, .noDirATime),
        "noexec": (false, .noExec), "nomand": (true, .mandatoryLock), "norelatime": (true, .relATime),
        "nostrictatime": (true, .strictATime), "nosuid": (false, .noSUID),
        "rbind": (false, [.bind, .recursive]), "relatime": (false, .relATime),
        "remount": (false, .remount), "ro": (false, .readOnly), "rw": (true, .readOnly),
        "strictatime": (false, .strictATime), "suid": (true, .noSUID), "sync": (false, .synchronous),
    ]

    private static let propagationTable: [String: Flags] = [
        "private": .private, "rprivate": [.private, .recursive], "shared": .shared,
        "rshared": [.shared, .recursive], "slave": .slave, "rslave": [.slave, .recursive],
        "unbindable": .unbindable, "runbindable": [.unbindable, .recursive],
    ]

    /// Splits containerd mount options into flags, propagation and data. Pure.
    public static func parseOptions(_ options: [String]) -> ParsedOptions {
        var parsed = ParsedOptions()
        var data: [String] = []
        for option in options {
            if let entry = flagTable[option] {
                if entry.clear { parsed.flags.subtract(entry.flag) } else { parsed.flags.formUnion(entry.flag) }
            } else if let propagation = propagationTable[option] {
                parsed.propagation.formUnion(propagation)
            } else {
                data.append(option)
            }
        }
        parsed.data = data.joined(separator: ",")
        return parsed
    }

    /// Mounts `spec` on `target`. Throws the classified errno (`.notFound` for a missing
    /// source or target, `.invalidArgument` for bad options, `.permissionDenied`).
    public static func mount(_ spec: MountSpec, on target: String) throws(ShimError) {
        let parsed = parseOptions(spec.options)
        let flags = parsed.flags
        if !flags.contains(.remount) || !parsed.data.isEmpty {
            let operation = "mount \(spec.type) \(spec.source) on \(target)"
            if parsed.data.utf8.count >= pageSize - 512, let (directory, compacted) = compactLowerdirs(spec.options) {
                // Too long for one page: overlay lowerdirs relative to their common parent.
                let data = parseOptions(compacted).data
                guard data.utf8.count < pageSize else { throw ShimError(.invalidArgument, "\(operation): options too long") }
                let rc = csystem_mount_at(directory, spec.source, target, spec.type, flags.rawValue, data)
                if rc != 0 { throw errnoError(operation, rc) }
            } else {
                try call(spec.source, target, spec.type, flags, parsed.data, operation)
            }
        }
        if !parsed.propagation.isEmpty {
            let propagation = parsed.propagation.union(flags.intersection(.recursive))
            try call("", target, "", propagation, "", "mount propagation on \(target)")
        }
        if flags.isSuperset(of: [.bind, .readOnly]) {
            try call("", target, "", flags.union(.remount), "", "remount \(target) read-only")
        }
    }

    /// The kernel copies at most one page of mount data.
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// containerd's `compactLowerdirOption`: the longest common parent directory of the
    /// `lowerdir=` entries, and the options with those entries made relative to it. Nil when
    /// there is no `lowerdir` with several entries or no common parent below `/`. Pure.
    static func compactLowerdirs(_ options: [String]) -> (directory: String, options: [String])? {
        guard let index = options.firstIndex(where: { $0.hasPrefix("lowerdir=") }) else { return nil }
        let lowerdirs = options[index].dropFirst("lowerdir=".count).split(separator: ":").map(String.init)
        guard lowerdirs.count > 1, var common = lowerdirs.first else { return nil }
        for dir in lowerdirs.dropFirst() {
            while !dir.hasPrefix(common) { common.removeLast() }
        }
        // Cut back to a whole directory component.
        while let last = common.last, last != "/" { common.removeLast() }
        guard common.count > 1 else { return nil }
        var compacted = options
        compacted[index] = "lowerdir=" + lowerdirs.map { String($0.dropFirst(common.count)) }.joined(separator: ":")
        return (common, compacted)
    }

    /// Unmounts everything stacked on `target` until it is no longer a mount point. A missing
    /// path or a path that is not mounted is success; a busy mount is detached lazily.
    public static func unmountAll(_ target: String) throws(ShimError) {
        // Bounded: each round removes one layer of a stack of mounts.
        for _ in 0..<64 {
            if umount2(target, 0) == 0 { continue }
            let code = errno
            switch code {
            case EINTR: continue
            case EINVAL, ENOENT: return
            case EBUSY:
                if umount2(target, Int32(MNT_DETACH)) != 0 && errno != EINVAL {
                    throw errnoError("umount \(target)")
                }
            default:
                throw errnoError("umount \(target)", code)
            }
        }
    }

    /// Whether `path` is a mount point in this mount namespace (from /proc/self/mountinfo).
    public static func isMountPoint(_ path: String) -> Bool {
        guard let text = try? Files.readText("/proc/self/mountinfo") else { return false }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count > 4 && unescapeOctal(fields[4]) == path { return true }
        }
        return false
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    private static func unescapeOctal(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count,
               let value = UInt8(String(decoding: raw[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The corresponding C function is `mount(2)`.
    private static func call(
        _ source: String, _ target: String, _ type: String, _ flags: Flags, _ data: String, _ operation: String
    ) throws(ShimError) {
        let rc = data.isEmpty
            ? Glibc.mount(source, target, type, flags.rawValue, nil)
            : data.withCString { Glibc.mount(source, target, type, flags.rawValue, $0) }
        if rc != 0 { throw errnoError(operation) }
    }
}
