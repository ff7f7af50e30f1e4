// cgroup v1 statistics (`io.containerd.cgroups.v1`), the Stats payload on cgroup v1 hosts.
// Value types a backend fills field by field; all counters default to 0.

/// Namespace of the `io.containerd.cgroups.v1` messages.
public enum CgroupsV1 {}

extension CgroupsV1 {
    /// `Metrics`: everything Stats reports for a cgroup v1 container. Send it as
    /// `TypedPayload(metrics)` (type URL `io.containerd.cgroups.v1.Metrics`); absent sections are nil.
    public struct Metrics: ProtobufMessage, Equatable {
        public var hugetlb: [HugetlbStat] = []
        public var pids: PidsStat?
        public var cpu: CPUStat?
        public var memory: MemoryStat?
        public var blkio: BlkIOStat?
        public var rdma: RdmaStat?
        public var network: [NetworkStat] = []
        public var cgroupStats: CgroupStats?
        public var memoryOOMControl: MemoryOomControl?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.Metrics",
            [
                .field(1, \.hugetlb), .field(2, \.pids), .field(3, \.cpu), .field(4, \.memory), .field(5, \.blkio),
                .field(6, \.rdma), .field(7, \.network), .field(8, \.cgroupStats), .field(9, \.memoryOOMControl),
            ])
    }

    /// `HugetlbStat`: one huge page size's `hugetlb.<size>.*` counters.
    public struct HugetlbStat: ProtobufMessage, Equatable {
        public var usage: UInt64 = 0
        public var max: UInt64 = 0
        public var failcnt: UInt64 = 0
        public var pagesize: String = ""

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.HugetlbStat",
            [
                .field(1, \.usage), .field(2, \.max), .field(3, \.failcnt), .field(4, \.pagesize),
            ])
    }

    /// `PidsStat`: `pids.current` and `pids.max` (0 = no limit). Shared with cgroup v2.
    public struct PidsStat: ProtobufMessage, Equatable {
        public var current: UInt64 = 0
        public var limit: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.PidsStat",
            [
                .field(1, \.current), .field(2, \.limit),
            ])
    }

    /// `CPUStat`: cpuacct usage and CFS throttling.
    public struct CPUStat: ProtobufMessage, Equatable {
        public var usage: CPUUsage?
        public var throttling: Throttle?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.CPUStat",
            [
                .field(1, \.usage), .field(2, \.throttling),
            ])
    }

    /// `CPUUsage`: cpuacct usage in nanoseconds, total and per CPU.
    public struct CPUUsage: ProtobufMessage, Equatable {
        public var total: UInt64 = 0
        public var kernel: UInt64 = 0
        public var user: UInt64 = 0
        public var perCPU: [UInt64] = []

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.CPUUsage",
            [
                .field(1, \.total), .field(2, \.kernel), .field(3, \.user), .field(4, \.perCPU),
            ])
    }

    /// `Throttle`: `cpu.stat` throttling counters.
    public struct Throttle: ProtobufMessage, Equatable {
        public var periods: UInt64 = 0
        public var throttledPeriods: UInt64 = 0
        public var throttledTime: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.Throttle",
            [
                .field(1, \.periods), .field(2, \.throttledPeriods), .field(3, \.throttledTime),
            ])
    }

    /// `MemoryOomControl`: `memory.oom_control`.
    public struct MemoryOomControl: ProtobufMessage, Equatable {
        public var oomKillDisable: UInt64 = 0
        public var underOOM: UInt64 = 0
        public var oomKill: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.MemoryOomControl",
            [
                .field(1, \.oomKillDisable), .field(2, \.underOOM), .field(3, \.oomKill),
            ])
    }

    /// `CgroupStats`: task counts by scheduler state.
    public struct CgroupStats: ProtobufMessage, Equatable {
        public var nrSleeping: UInt64 = 0
        public var nrRunning: UInt64 = 0
        public var nrStopped: UInt64 = 0
        public var nrUninterruptible: UInt64 = 0
        public var nrIOWait: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.CgroupStats",
            [
                .field(1, \.nrSleeping), .field(2, \.nrRunning), .field(3, \.nrStopped), .field(4, \.nrUninterruptible),
                .field(5, \.nrIOWait),
            ])
    }

    /// `NetworkStat`: one interface's counters. Shared with cgroup v2.
    public struct NetworkStat: ProtobufMessage, Equatable {
        public var name: String = ""
        public var rxBytes: UInt64 = 0
        public var rxPackets: UInt64 = 0
        public var rxErrors: UInt64 = 0
        public var rxDropped: UInt64 = 0
        public var txBytes: UInt64 = 0
        public var txPackets: UInt64 = 0
        public var txErrors: UInt64 = 0
        public var txDropped: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v1.NetworkStat",
            [
                .field(1, \.name), .field(2, \.rxBytes), .field(3, \.rxPackets), .field(4, \.rxErrors),
                .field(5, \.rxDropped), .field(6, \.txBytes), .field(7, \.txPackets), .field(8, \.txErrors),
                .field(9, \.txDropped),
            ])
    }
}
