#if os(Linux)
/// A container's cgroup counters as containerd's `io.containerd.cgroups.v1.Metrics` /
/// `io.containerd.cgroups.v2.Metrics`, read from the cgroup directories of its init (what
/// containerd's cgroups library reports for runc-v2's `Stats`).
///
/// v1 covers memory (with swap, kmem, kmem.tcp and `memory.oom_control`), cpuacct plus CFS
/// throttling, pids and blkio; v2 covers pids, `cpu.stat`, memory, `memory.events` and
/// `io.stat`. Hugetlb, RDMA and network counters are not reported.
enum RuncStats {
    /// USER_HZ: `cpuacct.stat` counts in ticks of 1/100 s on Linux.
    static let clockTicksPerSecond: UInt64 = 100

    /// The metrics for `paths`, as an `Any`. Throws `.notFound` when the cgroup is gone.
    static func payload(for paths: Cgroups.Paths) throws(ShimError) -> TypedPayload {
        if paths.isUnified, let directory = paths.unified {
            guard Cgroups.exists(directory) else { throw .notFound("stats: cgroup does not exist") }
            return TypedPayload(v2(directory))
        }
        guard let memory = paths.v1["memory"] ?? paths.v1["pids"] ?? paths.v1.values.first,
              Cgroups.exists(memory) else {
            throw .notFound("stats: cgroup does not exist")
        }
        return TypedPayload(v1(paths.v1))
    }

    static func v1(_ controllers: [String: String]) -> CgroupsV1.Metrics {
        var metrics = CgroupsV1.Metrics()
        if let directory = controllers["pids"] {
            var pids = CgroupsV1.PidsStat()
            pids.current = Cgroups.readInteger(directory + "/pids.current") ?? 0
            pids.limit = Cgroups.readInteger(directory + "/pids.max") ?? 0
            metrics.pids = pids
        }
        if let directory = controllers["cpuacct"] {
            var usage = CgroupsV1.CPUUsage()
            usage.total = Cgroups.readInteger(directory + "/cpuacct.usage") ?? 0
            usage.perCPU = Cgroups.readIntegerList(directory + "/cpuacct.usage_percpu")
            let ticks = Cgroups.readKeyedValues(directory + "/cpuacct.stat")
            usage.user = (ticks["user"] ?? 0) * 1_000_000_000 / clockTicksPerSecond
            usage.kernel = (ticks["system"] ?? 0) * 1_000_000_000 / clockTicksPerSecond
            var cpu = CgroupsV1.CPUStat()
            cpu.usage = usage
            if let cpuDirectory = controllers["cpu"] {
                let stat = Cgroups.readKeyedValues(cpuDirectory + "/cpu.stat")
                var throttle = CgroupsV1.Throttle()
                throttle.periods = stat["nr_periods"] ?? 0
                throttle.throttledPeriods = stat["nr_throttled"] ?? 0
                throttle.throttledTime = stat["throttled_time"] ?? 0
                cpu.throttling = throttle
            }
            metrics.cpu = cpu
        }
        if let directory = controllers["memory"] {
            metrics.memory = v1Memory(directory)
            let control = Cgroups.readKeyedValues(directory + "/memory.oom_control")
            var oom = CgroupsV1.MemoryOomControl()
            oom.oomKillDisable = control["oom_kill_disable"] ?? 0
            oom.underOOM = control["under_oom"] ?? 0
            oom.oomKill = control["oom_kill"] ?? 0
            metrics.memoryOOMControl = oom
        }
        if let directory = controllers["blkio"] {
            metrics.blkio = v1Blkio(directory)
        }
        return metrics
    }

    private static func v1Memory(_ directory: String) -> CgroupsV1.MemoryStat {
        let raw = Cgroups.readKeyedValues(directory + "/memory.stat")
        var memory = CgroupsV1.MemoryStat()
        let fields: [(String, WritableKeyPath<CgroupsV1.MemoryStat, UInt64>)] = [
            ("cache", \.cache), ("rss", \.rss), ("rss_huge", \.rssHuge), ("mapped_file", \.mappedFile),
            ("dirty", \.dirty), ("writeback", \.writeback), ("pgpgin", \.pgPgIn), ("pgpgout", \.pgPgOut),
            ("pgfault", \.pgFault), ("pgmajfault", \.pgMajFault), ("inactive_anon", \.inactiveAnon),
            ("active_anon", \.activeAnon), ("inactive_file", \.inactiveFile), ("active_file", \.activeFile),
            ("unevictable", \.unevictable), ("hierarchical_memory_limit", \.hierarchicalMemoryLimit),
            ("hierarchical_memsw_limit", \.hierarchicalSwapLimit), ("total_cache", \.totalCache),
            ("total_rss", \.totalRss), ("total_rss_huge", \.totalRssHuge), ("total_mapped_file", \.totalMappedFile),
            ("total_dirty", \.totalDirty), ("total_writeback", \.totalWriteback), ("total_pgpgin", \.totalPgPgIn),
            ("total_pgpgout", \.totalPgPgOut), ("total_pgfault", \.totalPgFault),
            ("total_pgmajfault", \.totalPgMajFault), ("total_inactive_anon", \.totalInactiveAnon),
            ("total_active_anon", \.totalActiveAnon), ("total_inactive_file", \.totalInactiveFile),
            ("total_active_file", \.totalActiveFile), ("total_unevictable", \.totalUnevictable),
        ]
        for (key, path) in fields { memory[keyPath: path] = raw[key] ?? 0 }
        memory.usage = v1MemoryEntry(directory, "memory")
        memory.swap = v1MemoryEntry(directory, "memory.memsw")
        memory.kernel = v1MemoryEntry(directory, "memory.kmem")
        memory.kernelTCP = v1MemoryEntry(directory, "memory.kmem.tcp")
        return memory
    }

    private static func v1MemoryEntry(_ directory: String, _ prefix: String) -> CgroupsV1.MemoryEntry? {
        guard let usage = Cgroups.readInteger("\(directory)/\(prefix).usage_in_bytes") else { return nil }
        var entry = CgroupsV1.MemoryEntry()
        entry.usage = usage
        entry.limit = Cgroups.readInteger("\(directory)/\(prefix).limit_in_bytes") ?? 0
        entry.max = Cgroups.readInteger("\(directory)/\(prefix).max_usage_in_bytes") ?? 0
        entry.failcnt = Cgroups.readInteger("\(directory)/\(prefix).failcnt") ?? 0
        return entry
    }

    /// The CFQ `*_recursive` tables when the kernel has them, else the throttle tables
    /// (containerd's fallback).
    private static func v1Blkio(_ directory: String) -> CgroupsV1.BlkIOStat {
        var blkio = CgroupsV1.BlkIOStat()
        func table(_ name: String) -> [CgroupsV1.BlkIOEntry] {
            var file = "\(directory)/blkio.\(name)"
            if !Files.exists(file) && !name.hasSuffix("_recursive") { file += "_recursive" }
            return Cgroups.readBlkioTable(file).map { row in
                var entry = CgroupsV1.BlkIOEntry()
                entry.op = row.operation
                entry.major = row.major
                entry.minor = row.minor
                entry.value = row.value
                entry.device = Cgroups.blockDeviceName(major: row.major, minor: row.minor)
                return entry
            }
        }
        if Files.exists(directory + "/blkio.io_serviced_recursive") {
            blkio.ioServicedRecursive = table("io_serviced_recursive")
            blkio.ioServiceBytesRecursive = table("io_service_bytes_recursive")
            blkio.ioQueuedRecursive = table("io_queued_recursive")
            blkio.ioServiceTimeRecursive = table("io_service_time_recursive")
            blkio.ioWaitTimeRecursive = table("io_wait_time_recursive")
            blkio.ioMergedRecursive = table("io_merged_recursive")
            blkio.ioTimeRecursive = table("time_recursive")
            blkio.sectorsRecursive = table("sectors_recursive")
        } else {
            blkio.ioServicedRecursive = table("throttle.io_serviced")
            blkio.ioServiceBytesRecursive = table("throttle.io_service_bytes")
        }
        return blkio
    }

    static func v2(_ directory: String) -> CgroupsV2.Metrics {
        var metrics = CgroupsV2.Metrics()
        if let current = Cgroups.readInteger(directory + "/pids.current") {
            var pids = CgroupsV2.PidsStat()
            pids.current = current
            pids.limit = Cgroups.readInteger(directory + "/pids.max") ?? 0
            metrics.pids = pids
        }
        let cpuStat = Cgroups.readKeyedValues(directory + "/cpu.stat")
        if !cpuStat.isEmpty {
            var cpu = CgroupsV2.CPUStat()
            cpu.usageUsec = cpuStat["usage_usec"] ?? 0
            cpu.userUsec = cpuStat["user_usec"] ?? 0
            cpu.systemUsec = cpuStat["system_usec"] ?? 0
            cpu.nrPeriods = cpuStat["nr_periods"] ?? 0
            cpu.nrThrottled = cpuStat["nr_throttled"] ?? 0
            cpu.throttledUsec = cpuStat["throttled_usec"] ?? 0
            cpu.nrBursts = cpuStat["nr_bursts"] ?? 0
            cpu.burstUsec = cpuStat["burst_usec"] ?? 0
            metrics.cpu = cpu
        }
        if let usage = Cgroups.readInteger(directory + "/memory.current") {
            metrics.memory = v2Memory(directory, usage: usage)
        }
        let events = Cgroups.readKeyedValues(directory + "/memory.events")
        if !events.isEmpty {
            var memoryEvents = CgroupsV2.MemoryEvents()
            memoryEvents.low = events["low"] ?? 0
            memoryEvents.high = events["high"] ?? 0
            memoryEvents.max = events["max"] ?? 0
            memoryEvents.oom = events["oom"] ?? 0
            memoryEvents.oomKill = events["oom_kill"] ?? 0
            metrics.memoryEvents = memoryEvents
        }
        let rows = Cgroups.readIOStat(directory + "/io.stat")
        if !rows.isEmpty {
            var io = CgroupsV2.IOStat()
            io.usage = rows.map { row in
                var entry = CgroupsV2.IOEntry()
                entry.major = row.major
                entry.minor = row.minor
                entry.rbytes = row.values["rbytes"] ?? 0
                entry.wbytes = row.values["wbytes"] ?? 0
                entry.rios = row.values["rios"] ?? 0
                entry.wios = row.values["wios"] ?? 0
                return entry
            }
            metrics.io = io
        }
        return metrics
    }

    private static func v2Memory(_ directory: String, usage: UInt64) -> CgroupsV2.MemoryStat {
        let raw = Cgroups.readKeyedValues(directory + "/memory.stat")
        var memory = CgroupsV2.MemoryStat()
        let fields: [(String, WritableKeyPath<CgroupsV2.MemoryStat, UInt64>)] = [
            ("anon", \.anon), ("file", \.file), ("kernel_stack", \.kernelStack), ("slab", \.slab), ("sock", \.sock),
            ("shmem", \.shmem), ("file_mapped", \.fileMapped), ("file_dirty", \.fileDirty),
            ("file_writeback", \.fileWriteback), ("anon_thp", \.anonTHP), ("inactive_anon", \.inactiveAnon),
            ("active_anon", \.activeAnon), ("inactive_file", \.inactiveFile), ("active_file", \.activeFile),
            ("unevictable", \.unevictable), ("slab_reclaimable", \.slabReclaimable),
            ("slab_unreclaimable", \.slabUnreclaimable), ("pgfault", \.pgfault), ("pgmajfault", \.pgmajfault),
            ("workingset_refault", \.workingsetRefault), ("workingset_activate", \.workingsetActivate),
            ("workingset_nodereclaim", \.workingsetNodereclaim), ("pgrefill", \.pgrefill), ("pgscan", \.pgscan),
            ("pgsteal", \.pgsteal), ("pgactivate", \.pgactivate), ("pgdeactivate", \.pgdeactivate),
            ("pglazyfree", \.pglazyfree), ("pglazyfreed", \.pglazyfreed), ("thp_fault_alloc", \.thpFaultAlloc),
            ("thp_collapse_alloc", \.thpCollapseAlloc),
        ]
        for (key, path) in fields { memory[keyPath: path] = raw[key] ?? 0 }
        memory.usage = usage
        memory.usageLimit = Cgroups.readInteger(directory + "/memory.max", unlimited: .max) ?? 0
        memory.swapUsage = Cgroups.readInteger(directory + "/memory.swap.current") ?? 0
        memory.swapLimit = Cgroups.readInteger(directory + "/memory.swap.max", unlimited: .max) ?? 0
        memory.maxUsage = Cgroups.readInteger(directory + "/memory.peak") ?? 0
        memory.swapMaxUsage = Cgroups.readInteger(directory + "/memory.swap.peak") ?? 0
        return memory
    }
}
#endif
