// cgroup v2 statistics (`io.containerd.cgroups.v2`), the Stats payload on cgroup v2 hosts.
// Value types a backend fills field by field; all counters default to 0.

/// Namespace of the `io.containerd.cgroups.v2` messages. Messages identical to v1 in fields
/// and layout are the v1 types (their bytes do not depend on the package).
public enum CgroupsV2 {
    public typealias PidsStat = CgroupsV1.PidsStat
    public typealias RdmaStat = CgroupsV1.RdmaStat
    public typealias RdmaEntry = CgroupsV1.RdmaEntry
    public typealias NetworkStat = CgroupsV1.NetworkStat
}

extension CgroupsV2 {
    /// `Metrics`: everything Stats reports for a cgroup v2 container. Send it as
    /// `TypedPayload(metrics)` (type URL `io.containerd.cgroups.v2.Metrics`); absent sections are nil.
    public struct Metrics: ProtobufMessage, Equatable {
        public var pids: PidsStat?
        public var cpu: CPUStat?
        public var memory: MemoryStat?
        public var rdma: RdmaStat?
        public var io: IOStat?
        public var hugetlb: [HugeTlbStat] = []
        public var memoryEvents: MemoryEvents?
        public var network: [NetworkStat] = []

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.Metrics",
            [
                .field(1, \.pids), .field(2, \.cpu), .field(4, \.memory), .field(5, \.rdma), .field(6, \.io),
                .field(7, \.hugetlb), .field(8, \.memoryEvents), .field(9, \.network),
            ])
    }

    /// `PSIData`: one line (`some` or `full`) of a `*.pressure` file.
    public struct PSIData: ProtobufMessage, Equatable {
        public var avg10: Double = 0
        public var avg60: Double = 0
        public var avg300: Double = 0
        public var total: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.PSIData",
            [
                .field(1, \.avg10), .field(2, \.avg60), .field(3, \.avg300), .field(4, \.total),
            ])
    }

    /// `PSIStats`: a `*.pressure` file.
    public struct PSIStats: ProtobufMessage, Equatable {
        public var some: PSIData?
        public var full: PSIData?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.PSIStats",
            [
                .field(1, \.some), .field(2, \.full),
            ])
    }

    /// `CPUStat`: `cpu.stat` (microseconds) and `cpu.pressure`.
    public struct CPUStat: ProtobufMessage, Equatable {
        public var usageUsec: UInt64 = 0
        public var userUsec: UInt64 = 0
        public var systemUsec: UInt64 = 0
        public var nrPeriods: UInt64 = 0
        public var nrThrottled: UInt64 = 0
        public var throttledUsec: UInt64 = 0
        public var psi: PSIStats?
        public var nrBursts: UInt64 = 0
        public var burstUsec: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.CPUStat",
            [
                .field(1, \.usageUsec), .field(2, \.userUsec), .field(3, \.systemUsec), .field(4, \.nrPeriods),
                .field(5, \.nrThrottled), .field(6, \.throttledUsec), .field(7, \.psi), .field(8, \.nrBursts),
                .field(9, \.burstUsec),
            ])
    }

    /// `MemoryEvents`: `memory.events` counters.
    public struct MemoryEvents: ProtobufMessage, Equatable {
        public var low: UInt64 = 0
        public var high: UInt64 = 0
        public var max: UInt64 = 0
        public var oom: UInt64 = 0
        public var oomKill: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.MemoryEvents",
            [
                .field(1, \.low), .field(2, \.high), .field(3, \.max), .field(4, \.oom), .field(5, \.oomKill),
            ])
    }

    /// `IOStat`: `io.stat` per device and `io.pressure`.
    public struct IOStat: ProtobufMessage, Equatable {
        public var usage: [IOEntry] = []
        public var psi: PSIStats?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.IOStat",
            [
                .field(1, \.usage), .field(2, \.psi),
            ])
    }

    /// `IOEntry`: one device of `io.stat`.
    public struct IOEntry: ProtobufMessage, Equatable {
        public var major: UInt64 = 0
        public var minor: UInt64 = 0
        public var rbytes: UInt64 = 0
        public var wbytes: UInt64 = 0
        public var rios: UInt64 = 0
        public var wios: UInt64 = 0

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.IOEntry",
            [
                .field(1, \.major), .field(2, \.minor), .field(3, \.rbytes), .field(4, \.wbytes), .field(5, \.rios),
                .field(6, \.wios),
            ])
    }

    /// `HugeTlbStat`: one huge page size's `hugetlb.<size>.current`/`max`.
    public struct HugeTlbStat: ProtobufMessage, Equatable {
        public var current: UInt64 = 0
        public var max: UInt64 = 0
        public var pagesize: String = ""

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.HugeTlbStat",
            [
                .field(1, \.current), .field(2, \.max), .field(3, \.pagesize),
            ])
    }
}
