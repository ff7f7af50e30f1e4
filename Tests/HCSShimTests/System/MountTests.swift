#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

@Suite struct MountTests {
    @Test(arguments: [
        (["ro", "nosuid", "nodev"], Mount.Flags([.readOnly, .noSUID, .noDev]), Mount.Flags(), ""),
        (["rbind", "rprivate"], Mount.Flags([.bind, .recursive]), Mount.Flags([.private, .recursive]), ""),
        (["rw", "index=off", "lowerdir=/a:/b", "upperdir=/u", "workdir=/w"], Mount.Flags(), Mount.Flags(),
         "index=off,lowerdir=/a:/b,upperdir=/u,workdir=/w"),
        (["ro", "rw", "defaults"], Mount.Flags(), Mount.Flags(), ""),
        (["bind", "shared", "noexec", "size=65536k"], Mount.Flags([.bind, .noExec]), Mount.Flags([.shared]), "size=65536k"),
    ])
    func optionsSplitIntoFlagsPropagationAndData(
        options: [String], flags: Mount.Flags, propagation: Mount.Flags, data: String
    ) {
        let parsed = Mount.parseOptions(options)
        #expect(parsed.flags == flags)
        #expect(parsed.propagation == propagation)
        #expect(parsed.data == data)
    }

    static func temporaryDirectory() throws -> String {
        try Files.makeTemporaryDirectory(prefix: "hcsshim-mount-")
    }

    @Test func readOnlyBindMountAndUnmountAll() throws {
        let base = try Self.temporaryDirectory()
        defer { Files.removeDirectory(base + "/source"); Files.removeDirectory(base + "/target"); Files.removeDirectory(base) }
        try Files.makeDirectory(base + "/source")
        try Files.makeDirectory(base + "/target")
        try Mount.mount(MountSpec(type: "bind", source: base + "/source", options: ["rbind", "ro"]), on: base + "/target")
        #expect(Mount.isMountPoint(base + "/target"))
        // The remount made the bind read-only.
        #expect(mkdir(base + "/target/new", 0o755) != 0 && errno == EROFS)
        // Two layers stacked on one target are both removed.
        try Mount.mount(MountSpec(type: "tmpfs", source: "tmpfs", options: ["size=1m"]), on: base + "/target")
        try Mount.unmountAll(base + "/target")
        #expect(!Mount.isMountPoint(base + "/target"))
        // Unmounting what is not mounted, or does not exist, succeeds.
        try Mount.unmountAll(base + "/target")
        try Mount.unmountAll(base + "/missing")
    }

    @Test func overlayWithLowerAndUpperDirs() throws {
        let base = try Self.temporaryDirectory()
        for dir in ["lower", "upper", "work", "merged"] { try Files.makeDirectory(base + "/" + dir) }
        defer {
            try? Mount.unmountAll(base + "/merged")
            _ = try? ProcessSpawner.spawn(["/bin/rm", "-rf", base])
        }
        try Files.writeAtomically(base + "/lower/file", Array("from lower".utf8))
        try Mount.mount(
            MountSpec(type: "overlay", source: "overlay",
                      options: ["lowerdir=\(base)/lower", "upperdir=\(base)/upper", "workdir=\(base)/work"]),
            on: base + "/merged")
        #expect(try Files.readText(base + "/merged/file") == "from lower")
        try Mount.unmountAll(base + "/merged")
        #expect(!Files.exists(base + "/merged/file"))
    }

    @Test func mountingAMissingSourceIsNotFound() throws {
        let base = try Self.temporaryDirectory()
        defer { Files.removeDirectory(base) }
        #expect(throws: ShimError(.notFound, "mount bind /nonexistent-source on \(base): No such file or directory")) {
            try Mount.mount(MountSpec(type: "bind", source: "/nonexistent-source", options: ["bind"]), on: base)
        }
    }

    @Test func lowerdirsAreCompactedToTheirCommonParent() throws {
        let compacted = try #require(Mount.compactLowerdirs(
            ["index=off", "lowerdir=/var/lib/snap/12/fs:/var/lib/snap/3/fs", "upperdir=/u", "workdir=/w"]))
        #expect(compacted.directory == "/var/lib/snap/")
        #expect(compacted.options == ["index=off", "lowerdir=12/fs:3/fs", "upperdir=/u", "workdir=/w"])
        // A shared name prefix that is not a directory is not cut in the middle.
        #expect(Mount.compactLowerdirs(["lowerdir=/a/layer1:/a/layer2"])?.directory == "/a/")
        #expect(Mount.compactLowerdirs(["lowerdir=/a/x:/b/y"]) == nil)
        #expect(Mount.compactLowerdirs(["lowerdir=/a/x"]) == nil)
    }

    @Test func overlayWithLowerdirsLongerThanAPage() throws {
        let base = try Self.temporaryDirectory()
        defer {
            try? Mount.unmountAll(base + "/merged")
            _ = try? ProcessSpawner.spawn(["/bin/rm", "-rf", base])
        }
        let layers = base + "/snapshots"
        var lowerdirs: [String] = []
        for index in 0..<40 {
            let dir = layers + "/layer-\(index)-" + String(repeating: "x", count: 60)
            try Files.makeDirectories(dir)
            try Files.writeAtomically(dir + "/file\(index)", Array("layer \(index)".utf8))
            lowerdirs.append(dir)
        }
        for dir in ["upper", "work", "merged"] { try Files.makeDirectory(base + "/" + dir) }
        let options = ["lowerdir=" + lowerdirs.joined(separator: ":"), "upperdir=\(base)/upper", "workdir=\(base)/work"]
        #expect(options.joined(separator: ",").utf8.count > Mount.pageSize)
        try Mount.mount(MountSpec(type: "overlay", source: "overlay", options: options), on: base + "/merged")
        #expect(try Files.readText(base + "/merged/file0") == "layer 0")
        #expect(try Files.readText(base + "/merged/file39") == "layer 39")
        try Mount.unmountAll(base + "/merged")
    }
}
