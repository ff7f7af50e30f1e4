import Testing
@testable import HCSShim

@Suite struct RuntimeConfigFileTests {
    @Test func readsSnakeAndGoSpellingsUnderASection() throws {
        let options = try RuntimeConfigFile.parse("""
            # crun for this runtime class
            [options]
            binary_name = "/usr/bin/crun"
            SystemdCgroup = true
            io_uid = 1000
            Root = "/run/hcs"
            """)
        #expect(options.binaryName == "/usr/bin/crun" && options.systemdCgroup && options.ioUID == 1000 && options.root == "/run/hcs")
    }

    @Test func refusesTyposAndBadValues() {
        #expect { try RuntimeConfigFile.parse("binary_nmae = \"crun\"") } throws: { ($0 as? ShimError)?.code == .invalidArgument }
        #expect { try RuntimeConfigFile.parse("systemd_cgroup = \"yes\"") } throws: { ($0 as? ShimError)?.code == .invalidArgument }
        #expect { try RuntimeConfigFile.parse("no equals here") } throws: { ($0 as? ShimError)?.code == .invalidArgument }
        #expect { try RuntimeConfigFile.load(path: "relative.toml", body: [], base: RuntimeOptions()) }
            throws: { ($0 as? ShimError)?.code == .invalidArgument }
    }

    @Test func inlineBodyWinsOverPath() throws {
        let options = try RuntimeConfigFile.load(path: "/nonexistent", body: Array("binary_name = \"crun\"".utf8), base: RuntimeOptions())
        #expect(options.binaryName == "crun")
    }
}
