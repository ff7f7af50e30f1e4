import Foundation
import Testing
@testable import HCSShim

extension Robustness {
    /// Files the shim writes as root into the bundle, a directory others may write: a symlink
    /// (or, for the log, anything but a fifo) planted at their path is refused with a clear
    /// FAILED_PRECONDITION and its target is left as it was.
    @Suite struct PlantedSymlinkTests {
        /// A fresh bundle-like directory and a "victim" file outside it holding `original`.
        struct Scene {
            let bundle: String
            let victim: String
            static let original = Array("do not touch\n".utf8)

            init() throws {
                bundle = try Files.makeTemporaryDirectory(prefix: "hcsshim-bundle-")
                victim = try Files.makeTemporaryDirectory(prefix: "hcsshim-victim-") + "/passwd"
                try Files.writeAtomically(victim, Self.original)
            }

            func plant(_ name: String) throws {
                try FileManager.default.createSymbolicLink(atPath: bundle + "/" + name, withDestinationPath: victim)
            }

            var victimUntouched: Bool { (try? Files.read(victim)) == Self.original }

            func remove() {
                try? FileManager.default.removeItem(atPath: bundle)
                try? FileManager.default.removeItem(atPath: (victim as NSString).deletingLastPathComponent)
            }
        }

        static func isRefusal(_ error: any Error) -> Bool {
            guard let error = error as? ShimError else { return false }
            return error.code == .failedPrecondition && error.message.contains("symbolic link")
        }

        @Test(arguments: ["address.tmp", "address"])
        func addressFileRefusesAPlantedLink(_ planted: String) throws {
            let scene = try Scene()
            defer { scene.remove() }
            try scene.plant(planted)
            #expect { try StartAction.writeAddressFile("unix:///run/x", bundle: scene.bundle) } throws: { Self.isRefusal($0) }
            #expect(scene.victimUntouched)
        }

        @Test(arguments: ["options.json.tmp", "options.json"])
        func atomicWritesRefuseAPlantedLink(_ planted: String) throws {
            let scene = try Scene()
            defer { scene.remove() }
            try scene.plant(planted)
            #expect { try Files.writeAtomically(scene.bundle + "/options.json", Array("{}".utf8), mode: 0o600) } throws: { Self.isRefusal($0) }
            #expect(scene.victimUntouched)
        }

        @Test func staleTemporaryFileIsReplaced() throws {
            let scene = try Scene()
            defer { scene.remove() }
            try Files.writeAtomically(scene.bundle + "/address.tmp", Array("left by a crash, longer than the new one".utf8))
            try StartAction.writeAddressFile("unix:///run/x", bundle: scene.bundle)
            #expect(try Files.readText(scene.bundle + "/address") == "unix:///run/x")
            #expect(!Files.exists(scene.bundle + "/address.tmp"))
        }

        @Test func eventSpillRefusesAPlantedLinkAndReplacesAStaleFile() throws {
            let scene = try Scene()
            defer { scene.remove() }
            let path = scene.bundle + "/events.spill"
            try scene.plant("events.spill")
            #expect { _ = try EventSpill(path: path) } throws: { Self.isRefusal($0) }
            #expect(scene.victimUntouched)
            try FileManager.default.removeItem(atPath: path)
            // A spill left by a shim that crashed is not ours to append to: it starts empty.
            try Files.writeAtomically(path, [1, 2, 3, 4, 5])
            do {
                let spill = try EventSpill(path: path)
                #expect(spill.count == 0)
                #expect(Files.size(path) == 0)
            }
        }

        @Test func logOpensOnlyAFifoAndNeverThroughALink() throws {
            let scene = try Scene()
            defer { scene.remove() }
            let log = scene.bundle + "/log"
            #expect(try ShimProcess.openLogFifo(log) == nil)  // run by hand: no log, no error
            try scene.plant("log")
            #expect { _ = try ShimProcess.openLogFifo(log) } throws: { Self.isRefusal($0) }
            try FileManager.default.removeItem(atPath: log)
            // A hard link (or any regular file) would be written from offset 0: refused.
            try Files.writeAtomically(log, Scene.original)
            #expect { _ = try ShimProcess.openLogFifo(log) } throws: { ($0 as? ShimError)?.message.contains("not a fifo") == true }
            try FileManager.default.removeItem(atPath: log)
            #expect(mkfifo(log, 0o600) == 0)
            let reader = Glibc.open(log, O_RDWR | O_NONBLOCK)  // containerd's end
            defer { Glibc.close(reader) }
            let fifo = try #require(try ShimProcess.openLogFifo(log))
            ShimProcess.write(Array("line\n".utf8), to: fifo.rawValue)
            fifo.close()
            var bytes = [UInt8](repeating: 0, count: 16)
            #expect(Glibc.read(reader, &bytes, 16) == 5)
            #expect(scene.victimUntouched)
        }
    }
}
