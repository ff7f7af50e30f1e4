/// Locating a process's cgroups, for stats and OOM watching.
///
/// Works on cgroup v1, v2 and the hybrid layout (v1 controllers plus an empty v2 hierarchy at
/// `/sys/fs/cgroup/unified`): controller directories come from `/proc/self/mountinfo` (the
/// mount points of `cgroup`/`cgroup2` filesystems), the process's place in each hierarchy
/// from `/proc/<pid>/cgroup`.
public enum Cgroups {
    /// Where a process's cgroups are in this mount namespace.
    public struct Paths: Sendable, Equatable {
        /// v1 controller name (`memory`, `cpuacct`, `pids`, `blkio`, …) → directory.
        public var v1: [String: String] = [:]
        /// The v2 directory, when a cgroup2 hierarchy is mounted.
        public var unified: String?

        /// v2 is the stats source only when no v1 memory controller exists (containerd calls a
        /// hybrid host "v1" too).
        public var isUnified: Bool { v1["memory"] == nil && unified != nil }
    }

    /// One cgroup filesystem mount: its root inside the hierarchy, its mount point and, for
    /// v1, the controllers it carries (from the super options).
    struct MountPoint: Equatable {
        var root: String
        var path: String
        var version2: Bool
        var controllers: [String]
    }

    /// The cgroups of `pid`. Throws `.notFound` when the process is gone.
    public static func paths(of pid: Int32) throws(ShimError) -> Paths {
        let membership = parseProcCgroup(try Files.readText("/proc/\(pid)/cgroup"))
        let mounts = parseMountInfo(try Files.readText("/proc/self/mountinfo"))
        return resolve(membership: membership, mounts: mounts)
    }

    /// Joins membership lines and mounts into directories. Pure.
    static func resolve(membership: [(controllers: [String], path: String)], mounts: [MountPoint]) -> Paths {
        var paths = Paths()
        for entry in membership {
            if entry.controllers.isEmpty {
                if let mount = mounts.first(where: { $0.version2 }) {
                    paths.unified = join(mount, entry.path)
                }
                continue
            }
            for controller in entry.controllers {
                if let mount = mounts.first(where: { !$0.version2 && $0.controllers.contains(controller) }) {
                    paths.v1[controller] = join(mount, entry.path)
                }
            }
        }
        return paths
    }

    private static func join(_ mount: MountPoint, _ path: String) -> String {
        var relative = Substring(path)
        if mount.root != "/" && relative.hasPrefix(mount.root) { relative = relative.dropFirst(mount.root.count) }
        if relative.isEmpty || relative == "/" { return mount.path }
        return mount.path + (relative.hasPrefix("/") ? "" : "/") + relative
    }

    /// Parses `/proc/<pid>/cgroup`: `id:controller,list:path`; v2 has an empty list. Named
    /// hierarchies (`name=systemd`) keep their `name=` prefix. Pure.
    static func parseProcCgroup(_ text: String) -> [(controllers: [String], path: String)] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            let controllers = parts[1].split(separator: ",").map(String.init)
            return (controllers, String(parts[2]))
        }
    }

    /// Parses `/proc/self/mountinfo` for cgroup filesystems. Pure.
    static func parseMountInfo(_ text: String) -> [MountPoint] {
        text.split(separator: "\n").compactMap { line in
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { return nil }
            let left = halves[0].split(separator: " ")
            let right = halves[1].split(separator: " ")
            guard left.count >= 5, right.count >= 3 else { return nil }
            switch right[0] {
            case "cgroup2":
                return MountPoint(root: String(left[3]), path: String(left[4]), version2: true, controllers: [])
            case "cgroup":
                let options = right[2].split(separator: ",").map(String.init)
                let controllers = options.filter { $0 != "rw" && $0 != "ro" }
                return MountPoint(root: String(left[3]), path: String(left[4]), version2: false, controllers: controllers)
            default:
                return nil
            }
        }
    }
}
