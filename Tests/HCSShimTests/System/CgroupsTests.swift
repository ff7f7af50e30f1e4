#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

@Suite struct CgroupsTests {
    static let hybridMountInfo = """
    30 23 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
    31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
    33 30 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:14 - cgroup cgroup rw,cpu,cpuacct
    34 30 0:30 / /sys/fs/cgroup/memory rw,nosuid shared:15 - cgroup cgroup rw,memory
    35 30 0:31 / /sys/fs/cgroup/systemd rw,nosuid shared:11 - cgroup cgroup rw,xattr,name=systemd
    36 23 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
    """

    @Test func hybridLayoutResolvesEveryController() {
        let membership = Cgroups.parseProcCgroup("""
        12:memory:/default/c1
        4:cpu,cpuacct:/default/c1
        1:name=systemd:/default/c1
        0::/default/c1
        """)
        let paths = Cgroups.resolve(membership: membership, mounts: Cgroups.parseMountInfo(Self.hybridMountInfo))
        #expect(paths.v1["memory"] == "/sys/fs/cgroup/memory/default/c1")
        #expect(paths.v1["cpu"] == "/sys/fs/cgroup/cpu,cpuacct/default/c1")
        #expect(paths.v1["cpuacct"] == "/sys/fs/cgroup/cpu,cpuacct/default/c1")
        #expect(paths.v1["name=systemd"] == "/sys/fs/cgroup/systemd/default/c1")
        #expect(paths.unified == "/sys/fs/cgroup/unified/default/c1")
        #expect(!paths.isUnified)  // a v1 memory controller exists: containerd reports v1
    }

    @Test func unifiedLayoutAndANestedMountRoot() {
        let mounts = Cgroups.parseMountInfo("""
        25 20 0:23 /kubepods /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate
        """)
        let paths = Cgroups.resolve(membership: Cgroups.parseProcCgroup("0::/kubepods/pod1/c1\n"), mounts: mounts)
        #expect(paths.unified == "/sys/fs/cgroup/pod1/c1")
        #expect(paths.v1.isEmpty)
        #expect(paths.isUnified)
    }

    @Test func thisProcessHasCgroupsOnThisHost() throws {
        let paths = try Cgroups.paths(of: getpid())
        #expect(!paths.v1.isEmpty || paths.unified != nil)
        for directory in paths.v1.values { #expect(Files.exists(directory), "\(directory)") }
    }

    @Test func controlFileFormats() {
        #expect(Cgroups.parseKeyedValues("cache 4096\nrss 8192\nbad line here\n") == ["cache": 4096, "rss": 8192])
        #expect(Cgroups.parseBlkioTable("8:0 Read 4096\n8:0 Write 512\nTotal 4608\n") == [
            .init(major: 8, minor: 0, operation: "Read", value: 4096),
            .init(major: 8, minor: 0, operation: "Write", value: 512),
        ])
        #expect(Cgroups.parseIOStat("254:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0\n") == [
            .init(major: 254, minor: 0, values: ["rbytes": 1, "wbytes": 2, "rios": 3, "wios": 4, "dbytes": 0, "dios": 0]),
        ])
    }

    @Test func v2MetricsFromACgroupDirectory() throws {
        let directory = try Files.makeTemporaryDirectory(prefix: "hcsshim-cgroup2-")
        let files = [
            "cgroup.procs": "1\n", "pids.current": "3\n", "pids.max": "max\n",
            "cpu.stat": "usage_usec 100\nuser_usec 60\nsystem_usec 40\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n",
            "memory.current": "4096\n", "memory.max": "max\n", "memory.stat": "anon 1024\nfile 2048\npgfault 7\n",
            "memory.events": "low 0\nhigh 0\nmax 2\noom 1\noom_kill 1\n",
            "io.stat": "8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n",
        ]
        defer {
            for name in files.keys { Files.remove(directory + "/" + name) }
            Files.removeDirectory(directory)
        }
        for (name, text) in files { try Files.writeAtomically(directory + "/" + name, Array(text.utf8)) }
        let metrics = RuncStats.v2(directory)
        #expect(metrics.pids?.current == 3 && metrics.pids?.limit == 0)
        #expect(metrics.cpu?.usageUsec == 100 && metrics.cpu?.systemUsec == 40)
        #expect(metrics.memory?.usage == 4096 && metrics.memory?.usageLimit == .max)
        #expect(metrics.memory?.anon == 1024 && metrics.memory?.pgfault == 7)
        #expect(metrics.memoryEvents?.oomKill == 1 && metrics.memoryEvents?.max == 2)
        #expect(metrics.io?.usage.first?.wbytes == 20)
        let payload = try RuncStats.payload(for: Cgroups.Paths(unified: directory))
        #expect(payload.typeURL == "io.containerd.cgroups.v2.Metrics")
        #expect(try payload.unpacked(as: CgroupsV2.Metrics.self) == metrics)
    }
}
