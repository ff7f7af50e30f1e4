import Testing
@testable import HCSShim

/// Golden documents: the exact bytes the seed's `json.Marshal(containerInit)` produced for each
/// spec. Layer ids, paths, host names and endpoints of the first two cases are taken from the
/// published HCS logs (hcs-and-peers §2.4, §3), re-laid in the seed's field set.
@Suite("HCS container document")
struct HCSContainerConfigTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var owner = HCSContainerConfig.defaultOwner
        var spec: String
        var expected: String
        var description: String { name }
    }

    static let windowsfilter = #"C:\\ProgramData\\Docker\\windowsfilter\\"#

    static let cases: [Case] = [
        Case(
            name: "process isolation (docker/for-win#2158 layers)", owner: "docker",
            spec: #"""
                {"process":{"args":["cmd"],"cwd":"C:\\"},
                 "root":{"path":"\\\\?\\Volume{d5e8ff3f-7b0e-4e1c-8b2a-1d2f0f3f4a5b}\\"},
                 "hostname":"a0c0e2f7a9b8",
                 "windows":{"layerFolders":[
                   "C:\\ProgramData\\Docker\\windowsfilter\\4e3c0eecb91d8fc28eda07ff06c6910a592b0ce4539476fb943b48e6934e9976",
                   "C:\\ProgramData\\Docker\\windowsfilter\\e2a46135ff011a2ef9f193590ccddde95806850a0cdd7638b913e003c28e7fd0",
                   "C:\\ProgramData\\Docker\\windowsfilter\\a0c0e2f7a9b8c7d6"],
                   "ignoreFlushesDuringBoot":true,
                   "network":{"endpointList":["1f4bd4a8-6f4c-4a68-9c4d-8c1b2f4a2c11"]}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"a0c0e2f7a9b8c7d6","Owner":"docker","IsDummy":false,"#
                + #""VolumePath":"\\\\?\\Volume{d5e8ff3f-7b0e-4e1c-8b2a-1d2f0f3f4a5b}\\","Devices":null,"#
                + #""IgnoreFlushesDuringBoot":true,"LayerFolderPath":"\#(windowsfilter)a0c0e2f7a9b8c7d6","#
                + #""Layers":[{"ID":"cd22d128-903e-550a-9d8f-aa8134ca1c9b","Path":"\#(windowsfilter)4e3c0eecb91d8fc28eda07ff06c6910a592b0ce4539476fb943b48e6934e9976"},"#
                + #"{"ID":"8f9dd02a-0f67-598e-921b-59884f08b5af","Path":"\#(windowsfilter)e2a46135ff011a2ef9f193590ccddde95806850a0cdd7638b913e003c28e7fd0"}],"#
                + #""HostName":"a0c0e2f7a9b8","MappedDirectories":[],"SandboxPath":"","HvPartition":false,"#
                + #""EndpointList":["1f4bd4a8-6f4c-4a68-9c4d-8c1b2f4a2c11"],"HvRuntime":null,"Servicing":false}"#),
        Case(
            name: "Hyper-V with a read-write mount (docker/for-win#703)", owner: "docker",
            spec: #"""
                {"process":{"args":["cmd"],"cwd":"C:\\"},"hostname":"60586331ba62",
                 "mounts":[{"destination":"c:\\test","source":"d:\\test"}],
                 "windows":{"layerFolders":[
                   "C:\\ProgramData\\Docker\\windowsfilter\\2b31f86e7aea1cee80d77af24b362171cb06985b155bf2ff103f0a2cbfd941f6",
                   "C:\\ProgramData\\Docker\\windowsfilter\\2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6",
                   "C:\\ProgramData\\Docker\\windowsfilter\\60586331ba62"],
                   "ignoreFlushesDuringBoot":true,"hyperv":{},
                   "network":{"endpointList":["9a6d4fd3-8c4b-4f3a-b7a2-0c1d2e3f4a5b"]}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"60586331ba62","Owner":"docker","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":true,"#
                + #""LayerFolderPath":"\#(windowsfilter)60586331ba62","#
                + #""Layers":[{"ID":"87ec27a6-f5e9-50c8-9ae1-161c316c0eca","Path":"\#(windowsfilter)2b31f86e7aea1cee80d77af24b362171cb06985b155bf2ff103f0a2cbfd941f6"},"#
                + #"{"ID":"d170642d-fe0d-5fca-b04e-a3b1139b984f","Path":"\#(windowsfilter)2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6"}],"#
                + #""HostName":"60586331ba62","#
                + #""MappedDirectories":[{"HostPath":"d:\\test","ContainerPath":"c:\\test","ReadOnly":false}],"#
                + #""SandboxPath":"C:\\ProgramData\\Docker\\windowsfilter","HvPartition":true,"#
                + #""EndpointList":["9a6d4fd3-8c4b-4f3a-b7a2-0c1d2e3f4a5b"],"#
                + #""HvRuntime":{"ImagePath":"\#(windowsfilter)2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6\\UtilityVM"},"#
                + #""Servicing":false}"#),
        Case(
            name: "Hyper-V with an explicit utility VM, no network section",
            spec: #"""
                {"process":{"args":["cmd"]},"windows":{"layerFolders":["C:\\l\\4","C:\\s\\c1"],
                 "hyperv":{"utilityVMPath":"C:\\uvm"}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":[{"ID":"bd9c3ef9-f239-59b5-a27e-15c523b1d149","Path":"C:\\l\\4"}],"HostName":"","#
                + #""MappedDirectories":[],"SandboxPath":"C:\\s","HvPartition":true,"EndpointList":null,"#
                + #""HvRuntime":{"ImagePath":"C:\\uvm"},"Servicing":false}"#),
        Case(
            name: "every resource limit, legacy CPU percent",
            spec: #"""
                {"process":{"args":["cmd"]},"root":{"path":"V"},"windows":{"layerFolders":["C:\\l\\25","C:\\s\\c1"],
                 "resources":{"cpu":{"shares":500,"percent":50,"count":4},"memory":{"limit":2147483648},
                  "storage":{"iops":1000,"bps":2000000,"sandboxSize":21474836480}}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"V","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":[{"ID":"ccdd871c-d89e-5f7b-a641-ef72794a2f01","Path":"C:\\l\\25"}],"#
                + #""ProcessorWeight":500,"ProcessorMaximum":5000,"StorageIOPSMaximum":1000,"#
                + #""StorageBandwidthMaximum":2000000,"StorageSandboxSize":21474836480,"MemoryMaximumInMB":2048,"#
                + #""HostName":"","MappedDirectories":[],"SandboxPath":"","HvPartition":false,"EndpointList":null,"#
                + #""HvRuntime":null,"Servicing":false}"#),
        Case(
            name: "CPU maximum passes through, memory rounds down, zero limits are omitted",
            spec: #"""
                {"process":{"args":["cmd"]},"windows":{"layerFolders":["C:\\l\\26","C:\\s\\c1"],
                 "resources":{"cpu":{"maximum":2500,"shares":0},"memory":{"limit":1572864},"storage":{"iops":0}}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":[{"ID":"0366d7a7-bfaf-5a58-bfed-6eb916450ea5","Path":"C:\\l\\26"}],"#
                + #""ProcessorMaximum":2500,"MemoryMaximumInMB":1,"#
                + #""HostName":"","MappedDirectories":[],"SandboxPath":"","HvPartition":false,"EndpointList":null,"#
                + #""HvRuntime":null,"Servicing":false}"#),
        Case(
            name: "read-only and read-write mounts, HTML characters escaped as Go does",
            spec: #"""
                {"process":{"args":["cmd"]},"hostname":"web<1>",
                 "mounts":[{"destination":"C:\\cfg","source":"D:\\cfg & keys","options":["ro"]},
                           {"destination":"C:\\data","source":"D:\\data","options":["rw"]},
                           {"destination":"C:\\logs","source":"D:\\logs","options":["RO","nosuid"]}],
                 "windows":{"layerFolders":["C:\\l\\27","C:\\s\\c1"]}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":[{"ID":"b312b1d4-d749-5cc3-97e7-e272c3e9edf7","Path":"C:\\l\\27"}],"#
                + #""HostName":"web\u003c1\u003e","MappedDirectories":["#
                + #"{"HostPath":"D:\\cfg \u0026 keys","ContainerPath":"C:\\cfg","ReadOnly":true},"#
                + #"{"HostPath":"D:\\data","ContainerPath":"C:\\data","ReadOnly":false},"#
                + #"{"HostPath":"D:\\logs","ContainerPath":"C:\\logs","ReadOnly":true}],"#
                + #""SandboxPath":"","HvPartition":false,"EndpointList":null,"HvRuntime":null,"Servicing":false}"#),
        Case(
            name: "servicing container, network section with an empty endpoint list",
            spec: #"""
                {"process":{"args":["cmd"]},"windows":{"layerFolders":["C:\\l\\28","C:\\s\\c1"],"servicing":true,
                 "network":{"endpointList":[]}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":[{"ID":"9e6302af-4082-5230-ac0e-efe1e3828954","Path":"C:\\l\\28"}],"#
                + #""HostName":"","MappedDirectories":[],"SandboxPath":"","HvPartition":false,"EndpointList":[],"#
                + #""HvRuntime":null,"Servicing":true}"#),
        Case(
            name: "network section without endpoints, only a scratch folder",
            spec: #"""
                {"process":{"args":["cmd"]},"windows":{"layerFolders":["C:\\s\\c1"],"network":{"DNSSearchList":["a"]}}}
                """#,
            expected: #"{"SystemType":"Container","Name":"c1","Owner":"containerd-shim-hcs-v1","IsDummy":false,"#
                + #""VolumePath":"","Devices":null,"IgnoreFlushesDuringBoot":false,"LayerFolderPath":"C:\\s\\c1","#
                + #""Layers":null,"HostName":"","MappedDirectories":[],"SandboxPath":"","HvPartition":false,"#
                + #""EndpointList":null,"HvRuntime":null,"Servicing":false}"#),
    ]

    static func document(_ testCase: Case) throws -> String {
        let spec = try OCISpec.decode(Array(testCase.spec.utf8))
        let name = WindowsPath.base(spec.windows?.layerFolders?.last ?? "")
        let config = try HCSContainerConfig(spec: spec, id: name, owner: testCase.owner) { (layer) throws(ShimError) in
            guard let id = HCSLayerID.published[layer] else { throw ShimError.notFound("no id for \(layer)") }
            return id
        }
        return config.json.text
    }

    @Test(arguments: cases)
    func goldenDocument(_ testCase: Case) throws {
        #expect(try Self.document(testCase) == testCase.expected)
    }

    @Test func aSpecWithoutWindowsSectionOrLayersIsRejected() {
        for json in [#"{"process":{"args":["cmd"]}}"#, #"{"windows":{"layerFolders":[]}}"#] {
            #expect(throws: ShimError.invalidArgument("hcs document: " + (json.contains("layerFolders") ? "windows.layerFolders is empty" : "the spec has no windows section"))) {
                let spec = try OCISpec.decode(Array(json.utf8))
                _ = try HCSContainerConfig(spec: spec, id: "c") { (name) throws(ShimError) in name }
            }
        }
    }

    @Test func aFailingNameToGuidFailsTheDocument() throws {
        let spec = try OCISpec.decode(Array(#"{"windows":{"layerFolders":["C:\\l\\x","C:\\s"]}}"#.utf8))
        #expect(throws: ShimError.notFound("NameToGuid x")) {
            _ = try HCSContainerConfig(spec: spec, id: "c") { (name) throws(ShimError) in
                throw ShimError.notFound("NameToGuid \(name)")
            }
        }
    }

    static func unresolvedDocument(_ windows: String) throws -> String {
        let spec = try OCISpec.decode(Array(#"{"process":{"args":["cmd"]},"windows":"#.utf8) + Array(windows.utf8) + [UInt8(ascii: "}")])
        return try HCSContainerConfig(spec: spec, id: "c", layerID: HCSLayerID.unresolved).json.text
    }

    /// The seed's `filepath.Dir` cleaned the path; the port used to keep the `..`.
    @Test func theSandboxPathIsTheCleanedParentOfTheScratchFolder() throws {
        let text = try Self.unresolvedDocument(#"{"layerFolders":["C:\\l\\4","C:\\run\\..\\containers\\c1"],"hyperv":{}}"#)
        #expect(text.contains(#""SandboxPath":"C:\\containers","#))
    }

    /// `filepath.Join` cleans: a base layer written with `/` gives one kind of separator.
    @Test func theDefaultUtilityVMPathHasOneKindOfSeparator() throws {
        let text = try Self.unresolvedDocument(#"{"layerFolders":["C:/layers/app","C:/layers/base","C:\\c\\hv"],"hyperv":{}}"#)
        #expect(text.contains(#""HvRuntime":{"ImagePath":"C:\\layers\\base\\UtilityVM"}"#))
        let given = try Self.unresolvedDocument(#"{"layerFolders":["C:/l/b","C:\\c\\hv"],"hyperv":{"utilityVMPath":"C:/uvm"}}"#)
        #expect(given.contains(#""HvRuntime":{"ImagePath":"C:/uvm"}"#))
    }

    // A backslash followed by U+0301 is one `Character`: the name given to NameToGuid was `wf`,
    // backslash, U+0301, `layer`.
    @Test func aLayerNameStartingWithACombiningMarkIsItsOwnBaseName() throws {
        let text = try Self.unresolvedDocument("{\"layerFolders\":[\"C:\\\\wf\\\\\u{301}layer\",\"C:\\\\c\\\\x\"]}")
        #expect(text.contains("{\"ID\":\"NameToGuid(\u{301}layer)\",\"Path\":\"C:\\\\wf\\\\\u{301}layer\"}"))
    }

    // The seed's `filepath.Split` gave `""` for `C:\wf\layer\`; the port names the layer by
    // `filepath.Base` (docs/hcs.md §6, `layer-name-base`), as today's hcsshim does.
    @Test func aTrailingBackslashStillNamesTheLayer() throws {
        #expect(WindowsPath.split(#"C:\wf\layer\"#).file == "")
        let text = try Self.unresolvedDocument(#"{"layerFolders":["C:\\wf\\layer\\","C:\\c\\x"]}"#)
        #expect(text.contains(#"{"ID":"NameToGuid(layer)","Path":"C:\\wf\\layer\\"}"#))
    }
}
