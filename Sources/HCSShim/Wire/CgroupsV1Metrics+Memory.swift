// cgroup v1 memory and block IO statistics.

extension CgroupsV1 {
    /// `MemoryStat`: `memory.stat` counters and the usage/limit files.
    public struct MemoryStat: ProtobufMessage, Equatable {
        public var cache: UInt64 = 0
        public var rss: UInt64 = 0
        public var rssHuge: UInt64 = 0
        public var mappedFile: UInt64 = 0
        public var dirty: UInt64 = 0
        public var writeback: UInt64 = 0
        public var pgPgIn: UInt64 = 0
        public var pgPgOut: UInt64 = 0
        public var pgFault: UInt64 = 0
        public var pgMajFault: UInt64 = 0
        public var inactiveAnon: UInt64 = 0
        public var activeAnon: UInt64 = 0
        public var inactiveFile: UInt64 = 0
        public var activeFile: UInt64 = 0
        public var unevictable: UInt64 = 0
        public var hierarchicalMemoryLimit: UInt64 = 0
        public var hierarchicalSwapLimit: UInt64 = 0
        public var totalCache: UInt64 = 0
        public var totalRss: UInt64 = 0
        public var totalRssHuge: UInt64 = 0
        public var totalMappedFile: UInt64 = 0
        public var totalDirty: UInt64 = 0
        public var totalWriteback: UInt64 = 0
        public var totalPgPgIn: UInt64 = 0
        public var totalPgPgOut: UInt64 = 0
        public var totalPgFault: UInt64 = 0
        public var totalPgMajFault: UInt64 = 0
        public var totalInactiveAnon: UInt64 = 0
        public var totalActiveAnon: UInt64 = 0
        public var totalInactiveFile: UInt64 = 0
        public var totalActiveFile: UInt64 = 0
        public var totalUnevictable: UInt64 = 0
        public var usage: MemoryEntry?
        public var swap: MemoryEntry?
        public var kernel: MemoryEntry?
        public var kernelTCP: MemoryEntry?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.MemoryStat",
            [
                .field(1, \.cache), .field(2, \.rss), .field(3, \.rssHuge), .field(4, \.mappedFile), .field(5, \.dirty),
                .field(6, \.writeback), .field(7, \.pgPgIn), .field(8, \.pgPgOut), .field(9, \.pgFault),
                .field(10, \.pgMajFault), .field(11, \.inactiveAnon), .field(12, \.activeAnon),
                .field(13, \.inactiveFile), .field(14, \.activeFile), .field(15, \.unevictable),
                .field(16, \.hierarchicalMemoryLimit), .field(17, \.hierarchicalSwapLimit), .field(18, \.totalCache),
                .field(19, \.totalRss), .field(20, \.totalRssHuge), .field(21, \.totalMappedFile),
                .field(22, \.totalDirty), .field(23, \.totalWriteback), .field(24, \.totalPgPgIn),
                .field(25, \.totalPgPgOut), .field(26, \.totalPgFault), .field(27, \.totalPgMajFault),
                .field(28, \.totalInactiveAnon), .field(29, \.totalActiveAnon), .field(30, \.totalInactiveFile),
                .field(31, \.totalActiveFile), .field(32, \.totalUnevictable), .field(33, \.usage), .field(34, \.swap),
                .field(35, \.kernel), .field(36, \.kernelTCP),
            ])
    }

    /// `MemoryEntry`: one
    /// `memory[.memsw|.kmem|.kmem.tcp].{limit_in_bytes,usage_in_bytes,max_usage_in_bytes,failcnt}`
    /// group.
    public struct MemoryEntry: ProtobufMessage, Equatable {
        public var limit: UInt64 = 0
        public var usage: UInt64 = 0
        public var max: UInt64 = 0
        public var failcnt: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.MemoryEntry",
            [
                .field(1, \.limit), .field(2, \.usage), .field(3, \.max), .field(4, \.failcnt),
            ])
    }

    /// `BlkIOStat`: the `blkio.*_recursive` tables.
    public struct BlkIOStat: ProtobufMessage, Equatable {
        public var ioServiceBytesRecursive: [BlkIOEntry] = []
        public var ioServicedRecursive: [BlkIOEntry] = []
        public var ioQueuedRecursive: [BlkIOEntry] = []
        public var ioServiceTimeRecursive: [BlkIOEntry] = []
        public var ioWaitTimeRecursive: [BlkIOEntry] = []
        public var ioMergedRecursive: [BlkIOEntry] = []
        public var ioTimeRecursive: [BlkIOEntry] = []
        public var sectorsRecursive: [BlkIOEntry] = []

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.BlkIOStat",
            [
                .field(1, \.ioServiceBytesRecursive), .field(2, \.ioServicedRecursive), .field(3, \.ioQueuedRecursive),
                .field(4, \.ioServiceTimeRecursive), .field(5, \.ioWaitTimeRecursive), .field(6, \.ioMergedRecursive),
                .field(7, \.ioTimeRecursive), .field(8, \.sectorsRecursive),
            ])
    }

    /// `BlkIOEntry`: one row of a blkio table: device, operation, value.
    public struct BlkIOEntry: ProtobufMessage, Equatable {
        public var op: String = ""
        public var device: String = ""
        public var major: UInt64 = 0
        public var minor: UInt64 = 0
        public var value: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.BlkIOEntry",
            [
                .field(1, \.op), .field(2, \.device), .field(3, \.major), .field(4, \.minor), .field(5, \.value),
            ])
    }

    /// `RdmaStat`: `rdma.current` and `rdma.max` per device. Shared with cgroup v2.
    public struct RdmaStat: ProtobufMessage, Equatable {
        public var current: [RdmaEntry] = []
        public var limit: [RdmaEntry] = []

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.RdmaStat",
            [
                .field(1, \.current), .field(2, \.limit),
            ])
    }

    /// `RdmaEntry`: one device's RDMA handle and object counts.
    public struct RdmaEntry: ProtobufMessage, Equatable {
        public var device: String = ""
        public var hcaHandles: UInt32 = 0
        public var hcaObjects: UInt32 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.RdmaEntry",
            [
                .field(1, \.device), .field(2, \.hcaHandles), .field(3, \.hcaObjects),
            ])
    }
}
