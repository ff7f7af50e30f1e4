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
}
