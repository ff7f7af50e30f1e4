/// A task's Stats reply decoded: cgroup v1 or v2 metrics, with the few numbers a person looks
/// at first (CPU time, memory, pids) read the same way from either.
public enum ShimStats: Sendable, Equatable {
    case v1(CgroupsV1.Metrics)
    case v2(CgroupsV2.Metrics)

    /// Throws `.invalidArgument` for a payload that is neither cgroups metrics message.
    public init(_ payload: TypedPayload) throws(ShimError) {
        if payload.holds(CgroupsV1.Metrics.self) {
            self = .v1(try payload.unpacked(as: CgroupsV1.Metrics.self))
        } else if payload.holds(CgroupsV2.Metrics.self) {
            self = .v2(try payload.unpacked(as: CgroupsV2.Metrics.self))
        } else {
            throw ShimError.invalidArgument("stats: unexpected payload \(payload.typeURL)")
        }
    }

    public var typeURL: String {
        switch self {
        case .v1: CgroupsV1.Metrics.protobufName
        case .v2: CgroupsV2.Metrics.protobufName
        }
    }

    /// Total CPU time in nanoseconds.
    public var cpuNanos: UInt64 {
        switch self {
        case .v1(let metrics): metrics.cpu?.usage?.total ?? 0
        case .v2(let metrics): (metrics.cpu?.usageUsec ?? 0) &* 1000
        }
    }

    public var memoryUsageBytes: UInt64 {
        switch self {
        case .v1(let metrics): metrics.memory?.usage?.usage ?? 0
        case .v2(let metrics): metrics.memory?.usage ?? 0
        }
    }

    /// The memory limit; cgroups report "no limit" as a very large number.
    public var memoryLimitBytes: UInt64 {
        switch self {
        case .v1(let metrics): metrics.memory?.usage?.limit ?? 0
        case .v2(let metrics): metrics.memory?.usageLimit ?? 0
        }
    }

    public var pidsCurrent: UInt64 {
        switch self {
        case .v1(let metrics): metrics.pids?.current ?? 0
        case .v2(let metrics): metrics.pids?.current ?? 0
        }
    }

    public var pidsLimit: UInt64 {
        switch self {
        case .v1(let metrics): metrics.pids?.limit ?? 0
        case .v2(let metrics): metrics.pids?.limit ?? 0
        }
    }
}
