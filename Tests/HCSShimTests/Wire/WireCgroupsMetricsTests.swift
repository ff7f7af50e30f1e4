import Testing
@testable import HCSShim

/// cgroup metrics as a backend fills them, against `protoc --encode` bytes of the same
/// values (every section present, so a misnumbered field shows).
@Suite struct WireCgroupsMetricsTests {
    static var v1: CgroupsV1.Metrics {
        var metrics = CgroupsV1.Metrics()
        var hugetlb = CgroupsV1.HugetlbStat()
        (hugetlb.usage, hugetlb.max, hugetlb.failcnt, hugetlb.pagesize) = (1, 2, 3, "2MB")
        metrics.hugetlb = [hugetlb]
        var pids = CgroupsV1.PidsStat()
        (pids.current, pids.limit) = (4, 5)
        metrics.pids = pids
        var usage = CgroupsV1.CPUUsage()
        (usage.total, usage.kernel, usage.user, usage.perCPU) = (600, 200, 400, [300, 300])
        var throttle = CgroupsV1.Throttle()
        (throttle.periods, throttle.throttledPeriods, throttle.throttledTime) = (7, 8, 9)
        var cpu = CgroupsV1.CPUStat()
        (cpu.usage, cpu.throttling) = (usage, throttle)
        metrics.cpu = cpu
        var memory = CgroupsV1.MemoryStat()
        (memory.cache, memory.rss, memory.pgMajFault, memory.totalUnevictable) = (10, 11, 12, 13)
        var entry = CgroupsV1.MemoryEntry()
        (entry.limit, entry.usage, entry.max, entry.failcnt) = (14, 15, 16, 17)
        memory.usage = entry
        var tcp = CgroupsV1.MemoryEntry()
        tcp.usage = 18
        memory.kernelTCP = tcp
        metrics.memory = memory
        var read = CgroupsV1.BlkIOEntry()
        (read.op, read.device, read.major, read.minor, read.value) = ("Read", "sda", 8, 0, 19)
        var sectors = CgroupsV1.BlkIOEntry()
        (sectors.op, sectors.major, sectors.value) = ("Total", 8, 20)
        var blkio = CgroupsV1.BlkIOStat()
        (blkio.ioServiceBytesRecursive, blkio.sectorsRecursive) = ([read], [sectors])
        metrics.blkio = blkio
        var rdmaCurrent = CgroupsV1.RdmaEntry()
        (rdmaCurrent.device, rdmaCurrent.hcaHandles, rdmaCurrent.hcaObjects) = ("mlx", 21, 22)
        var rdmaLimit = CgroupsV1.RdmaEntry()
        rdmaLimit.device = "mlx"
        var rdma = CgroupsV1.RdmaStat()
        (rdma.current, rdma.limit) = ([rdmaCurrent], [rdmaLimit])
        metrics.rdma = rdma
        var network = CgroupsV1.NetworkStat()
        (network.name, network.rxBytes, network.txDropped) = ("eth0", 23, 24)
        metrics.network = [network]
        var tasks = CgroupsV1.CgroupStats()
        (tasks.nrRunning, tasks.nrIOWait) = (25, 26)
        metrics.cgroupStats = tasks
        var oom = CgroupsV1.MemoryOomControl()
        (oom.oomKillDisable, oom.oomKill) = (1, 27)
        metrics.memoryOOMControl = oom
        return metrics
    }

    static var v2: CgroupsV2.Metrics {
        var metrics = CgroupsV2.Metrics()
        var pids = CgroupsV2.PidsStat()
        (pids.current, pids.limit) = (4, 5)
        metrics.pids = pids
        var some = CgroupsV2.PSIData()
        (some.avg10, some.avg60, some.avg300, some.total) = (0.5, 1.25, 2, 9)
        var cpuPressure = CgroupsV2.PSIStats()
        cpuPressure.some = some
        var cpu = CgroupsV2.CPUStat()
        (cpu.usageUsec, cpu.userUsec, cpu.systemUsec, cpu.nrPeriods, cpu.nrThrottled, cpu.throttledUsec) = (100, 60, 40, 1, 2, 3)
        (cpu.psi, cpu.nrBursts, cpu.burstUsec) = (cpuPressure, 4, 5)
        metrics.cpu = cpu
        var memory = CgroupsV2.MemoryStat()
        (memory.anon, memory.file, memory.thpCollapseAlloc, memory.usage, memory.usageLimit) = (1, 2, 31, 32, 33)
        (memory.swapUsage, memory.swapLimit, memory.maxUsage, memory.swapMaxUsage) = (34, 35, 36, 37)
        var full = CgroupsV2.PSIData()
        full.total = 38
        var memoryPressure = CgroupsV2.PSIStats()
        memoryPressure.full = full
        memory.psi = memoryPressure
        metrics.memory = memory
        var rdmaEntry = CgroupsV2.RdmaEntry()
        (rdmaEntry.device, rdmaEntry.hcaHandles) = ("d", 1)
        var rdma = CgroupsV2.RdmaStat()
        rdma.current = [rdmaEntry]
        metrics.rdma = rdma
        var device = CgroupsV2.IOEntry()
        (device.major, device.minor, device.rbytes, device.wbytes, device.rios, device.wios) = (8, 16, 1, 2, 3, 4)
        var io = CgroupsV2.IOStat()
        (io.usage, io.psi) = ([device], CgroupsV2.PSIStats())
        metrics.io = io
        var hugetlb = CgroupsV2.HugeTlbStat()
        (hugetlb.current, hugetlb.max, hugetlb.pagesize) = (1, 2, "1GB")
        metrics.hugetlb = [hugetlb]
        var events = CgroupsV2.MemoryEvents()
        (events.low, events.high, events.max, events.oom, events.oomKill) = (1, 2, 3, 4, 5)
        metrics.memoryEvents = events
        var network = CgroupsV2.NetworkStat()
        (network.name, network.rxPackets) = ("eth0", 6)
        metrics.network = [network]
        return metrics
    }

    @Test func v1MetricsEncodeLikeProtoc() throws {
        let hex =
            "0a0b0801100218032203324d421204080410051a190a0f08d80410c8011890032204ac02ac0212060807100818092219080a100b"
            + "500c80020d8a0208080e100f18102011a2020210122a1e0a0f0a0452656164120373646118082813420b0a05546f74616c18082814"
            + "32120a090a036d6c781015181612050a036d6c783a0a0a04657468301017481842041019281a4a040801181b"
        #expect(Hex.string(Self.v1.packed()) == hex)
        #expect(try CgroupsV1.Metrics(unpacking: Hex.bytes(hex)) == Self.v1)
    }

    @Test func v2MetricsEncodeLikeProtoc() throws {
        let hex =
            "0a040804100512310864103c18282001280230033a1f0a1d09000000000000e03f11000000000000f43f19000000000000004020"
            + "0940044805222008011002f8011f800220880221900222980223a00224a80225b20204120220262a070a050a0164100132100a0c"
            + "08081010180120022803300412003a09080110021a03314742420a080110021803200428054a080a04657468301806"
        #expect(Hex.string(Self.v2.packed()) == hex)
        #expect(try CgroupsV2.Metrics(unpacking: Hex.bytes(hex)) == Self.v2)
    }

    @Test func statsPayloadCarriesTheMetricsTypeURL() throws {
        let v1 = TypedPayload(Self.v1)
        #expect(v1.typeURL == "io.containerd.cgroups.v1.Metrics")
        let v2 = TypedPayload(Self.v2)
        #expect(v2.typeURL == "io.containerd.cgroups.v2.Metrics")
        let response = try StatsResponse(unpacking: StatsResponse(stats: v2).packed())
        #expect(try response.stats?.unpacked(as: CgroupsV2.Metrics.self) == Self.v2)
        #expect(throws: ShimError.self) { try v2.unpacked(as: CgroupsV1.Metrics.self) }
    }
}
