// cgroup v2 memory statistics.

extension CgroupsV2 {
    /// `MemoryStat`: `memory.stat` plus `memory.current`/`max`, `memory.swap.current`/`max`, peaks and
    /// `memory.pressure`.
    public struct MemoryStat: ProtobufMessage, Equatable {
        public var anon: UInt64 = 0
        public var file: UInt64 = 0
        public var kernelStack: UInt64 = 0
        public var slab: UInt64 = 0
        public var sock: UInt64 = 0
        public var shmem: UInt64 = 0
        public var fileMapped: UInt64 = 0
        public var fileDirty: UInt64 = 0
        public var fileWriteback: UInt64 = 0
        public var anonTHP: UInt64 = 0
        public var inactiveAnon: UInt64 = 0
        public var activeAnon: UInt64 = 0
        public var inactiveFile: UInt64 = 0
        public var activeFile: UInt64 = 0
        public var unevictable: UInt64 = 0
        public var slabReclaimable: UInt64 = 0
        public var slabUnreclaimable: UInt64 = 0
        public var pgfault: UInt64 = 0
        public var pgmajfault: UInt64 = 0
        public var workingsetRefault: UInt64 = 0
        public var workingsetActivate: UInt64 = 0
        public var workingsetNodereclaim: UInt64 = 0
        public var pgrefill: UInt64 = 0
        public var pgscan: UInt64 = 0
        public var pgsteal: UInt64 = 0
        public var pgactivate: UInt64 = 0
        public var pgdeactivate: UInt64 = 0
        public var pglazyfree: UInt64 = 0
        public var pglazyfreed: UInt64 = 0
        public var thpFaultAlloc: UInt64 = 0
        public var thpCollapseAlloc: UInt64 = 0
        public var usage: UInt64 = 0
        public var usageLimit: UInt64 = 0
        public var swapUsage: UInt64 = 0
        public var swapLimit: UInt64 = 0
        public var maxUsage: UInt64 = 0
        public var swapMaxUsage: UInt64 = 0
        public var psi: PSIStats?

        public init() {}

        public static let schema = MessageSchema(
            Self(), "io.containerd.cgroups.v2.MemoryStat",
            [
                .field(1, \.anon), .field(2, \.file), .field(3, \.kernelStack), .field(4, \.slab), .field(5, \.sock),
                .field(6, \.shmem), .field(7, \.fileMapped), .field(8, \.fileDirty), .field(9, \.fileWriteback),
                .field(10, \.anonTHP), .field(11, \.inactiveAnon), .field(12, \.activeAnon), .field(13, \.inactiveFile),
                .field(14, \.activeFile), .field(15, \.unevictable), .field(16, \.slabReclaimable),
                .field(17, \.slabUnreclaimable), .field(18, \.pgfault), .field(19, \.pgmajfault),
                .field(20, \.workingsetRefault), .field(21, \.workingsetActivate), .field(22, \.workingsetNodereclaim),
                .field(23, \.pgrefill), .field(24, \.pgscan), .field(25, \.pgsteal), .field(26, \.pgactivate),
                .field(27, \.pgdeactivate), .field(28, \.pglazyfree), .field(29, \.pglazyfreed),
                .field(30, \.thpFaultAlloc), .field(31, \.thpCollapseAlloc), .field(32, \.usage),
                .field(33, \.usageLimit), .field(34, \.swapUsage), .field(35, \.swapLimit), .field(36, \.maxUsage),
                .field(37, \.swapMaxUsage), .field(38, \.psi),
            ])
    }
}
