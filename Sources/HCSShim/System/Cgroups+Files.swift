/// Readers for the cgroup control-file formats (v1 and v2). Missing or unreadable files read as
/// nil/empty: a controller or counter the kernel does not offer is simply absent from stats.
extension Cgroups {
    /// One row of a v1 blkio table (`8:0 Read 4096`).
    public struct BlkioRow: Sendable, Equatable {
        public var major: UInt64
        public var minor: UInt64
        public var operation: String
        public var value: UInt64
    }

    /// One device of v2 `io.stat` (`8:0 rbytes=… wbytes=… rios=… wios=…`).
    public struct IOStatRow: Sendable, Equatable {
        public var major: UInt64
        public var minor: UInt64
        public var values: [String: UInt64]
    }

    /// The integer in a one-value file (`memory.usage_in_bytes`, `pids.current`); `max` reads
    /// as `unlimited`.
    static func readInteger(_ path: String, unlimited: UInt64 = 0) -> UInt64? {
        guard let text = try? Files.readText(path) else { return nil }
        let value = text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first.map(String.init) ?? ""
        return value == "max" ? unlimited : UInt64(value)
    }

    /// A whitespace-separated list of integers (`cpuacct.usage_percpu`).
    static func readIntegerList(_ path: String) -> [UInt64] {
        guard let text = try? Files.readText(path) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt64($0) }
    }

    /// A flat-keyed file (`memory.stat`, `cpu.stat`, `memory.events`, `memory.oom_control`):
    /// "key value" per line.
    static func readKeyedValues(_ path: String) -> [String: UInt64] {
        guard let text = try? Files.readText(path) else { return [:] }
        return parseKeyedValues(text)
    }

    static func parseKeyedValues(_ text: String) -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = UInt64(fields[1]) { values[String(fields[0])] = value }
        }
        return values
    }

    /// A v1 blkio table; the `Total` line and malformed rows are skipped. Pure.
    static func parseBlkioTable(_ text: String) -> [BlkioRow] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let device = parseDevice(fields[0]), let value = UInt64(fields[2]) else { return nil }
            return BlkioRow(major: device.major, minor: device.minor, operation: String(fields[1]), value: value)
        }
    }

    static func readBlkioTable(_ path: String) -> [BlkioRow] {
        (try? Files.readText(path)).map(parseBlkioTable) ?? []
    }

    /// v2 `io.stat`. Pure.
    static func parseIOStat(_ text: String) -> [IOStatRow] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let first = fields.first, let device = parseDevice(first) else { return nil }
            var values: [String: UInt64] = [:]
            for field in fields.dropFirst() {
                let pair = field.split(separator: "=", maxSplits: 1)
                if pair.count == 2, let value = UInt64(pair[1]) { values[String(pair[0])] = value }
            }
            return IOStatRow(major: device.major, minor: device.minor, values: values)
        }
    }

    static func readIOStat(_ path: String) -> [IOStatRow] {
        (try? Files.readText(path)).map(parseIOStat) ?? []
    }

    /// The `/dev` path of a block device number, from sysfs (`/sys/dev/block/M:m/uevent`).
    static func blockDeviceName(major: UInt64, minor: UInt64) -> String {
        guard let text = try? Files.readText("/sys/dev/block/\(major):\(minor)/uevent") else { return "" }
        for line in text.split(separator: "\n") where line.hasPrefix("DEVNAME=") {
            return "/dev/" + line.dropFirst("DEVNAME=".count)
        }
        return ""
    }

    /// Whether a cgroup directory still exists.
    static func exists(_ directory: String) -> Bool {
        Files.exists(directory + "/cgroup.procs")
    }

    private static func parseDevice(_ field: Substring) -> (major: UInt64, minor: UInt64)? {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let major = UInt64(parts[0]), let minor = UInt64(parts[1]) else { return nil }
        return (major, minor)
    }
}
