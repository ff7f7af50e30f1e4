import Testing
@testable import HCSShim

@Suite("OCISpec decoding")
struct OCISpecTests {
    @Test func decodesALinuxSpecKeepingResourcesRaw() throws {
        let json = """
            {"ociVersion":"1.0.2","process":{"terminal":true,"consoleSize":{"height":24,"width":80},
             "user":{"uid":1000,"gid":1000,"additionalGids":[10]},"args":["sh","-c","echo hi"],
             "env":["PATH=/bin","A=b=c"],"cwd":"/","noNewPrivileges":true,
             "capabilities":{"bounding":["CAP_KILL"]}},
             "root":{"path":"rootfs","readonly":true},"hostname":"box",
             "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid"]}],
             "linux":{"namespaces":[{"type":"pid"},{"type":"network","path":"/var/run/netns/x"}],
                      "resources":{"memory":{"limit":1048576},"cpu":{"shares":512}},"cgroupsPath":"/k/x"}}
            """
        let spec = try OCISpec.decode(Array(json.utf8))
        #expect(spec.process?.args == ["sh", "-c", "echo hi"])
        #expect(spec.process?.consoleSize == OCIConsoleBox(height: 24, width: 80))
        #expect(spec.process?.user?.uid == 1000)
        #expect(spec.process?.user?.additionalGids == [10])
        #expect(spec.root == OCIRoot(path: "rootfs", readonly: true))
        #expect(spec.linux?.namespaces == [OCINamespace(type: "pid"), OCINamespace(type: "network", path: "/var/run/netns/x")])
        #expect(spec.linux?.resources == .object([
            "memory": .object(["limit": .integer(1_048_576)]),
            "cpu": .object(["shares": .integer(512)]),
        ]))
        #expect(spec.linux?.cgroupsPath == "/k/x")
        #expect(spec.windows == nil)
        #expect(spec.mounts?.first?.isReadOnly == false)
    }

    @Test func decodesTheWindowsSection() throws {
        let json = #"""
            {"process":{"args":["cmd"],"cwd":"C:\\","user":{"username":"ContainerUser"}},
             "root":{"path":"\\\\?\\Volume{a}\\"},
             "mounts":[{"destination":"C:\\data","source":"D:\\data","options":["RO"]}],
             "windows":{"layerFolders":["C:\\l\\2","C:\\l\\1","C:\\s"],
               "resources":{"memory":{"limit":2147483648},"cpu":{"count":2,"shares":500,"maximum":5000},
                            "storage":{"iops":100,"bps":2000,"sandboxSize":30}},
               "servicing":true,"ignoreFlushesDuringBoot":true,
               "hyperv":{},"network":{"endpointList":["e1"],"DNSSearchList":["a.b"],"allowUnqualifiedDNSQuery":true}}}
            """#
        let spec = try OCISpec.decode(Array(json.utf8))
        let windows = try #require(spec.windows)
        #expect(windows.layerFolders == [#"C:\l\2"#, #"C:\l\1"#, #"C:\s"#])
        #expect(windows.resources?.memory?.limit == 2_147_483_648)
        #expect(windows.resources?.cpu == .init(count: 2, shares: 500, maximum: 5000))
        #expect(windows.resources?.storage == .init(iops: 100, bps: 2000, sandboxSize: 30))
        #expect(windows.servicing == true && windows.ignoreFlushesDuringBoot == true)
        #expect(windows.hyperv == OCIWindowsHyperV())
        #expect(windows.network?.endpointList == ["e1"])
        #expect(windows.network?.dnsSearchList == ["a.b"])
        #expect(spec.process?.user?.username == "ContainerUser")
        #expect(spec.mounts?.first?.isReadOnly == true)
    }

    @Test func malformedJSONIsInvalidArgument() {
        #expect(throws: ShimError.self) { try OCISpec.decode(Array("{\"process\":".utf8)) }
        do {
            _ = try OCIProcess.decode(Array("[1]".utf8))
            Issue.record("decoding an array as a process must fail")
        } catch {
            #expect(error.code == .invalidArgument)
        }
    }
}
