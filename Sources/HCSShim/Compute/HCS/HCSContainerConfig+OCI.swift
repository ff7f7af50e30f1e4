extension HCSContainerConfig {
    /// The management-stack tag HCS stores with the system. Not the seed's `"docker"`: Docker
    /// terminates every compute system owned by `"docker"` when its daemon starts, which would
    /// take our containers with it. runhcs likewise uses its own executable name.
    public static let defaultOwner = "containerd-shim-hcs-v1"

    /// Builds the document for container `id` from an OCI spec, as the seed's `Create` did.
    ///
    /// - `VolumePath` = `root.path`; `LayerFolderPath` = the last of `windows.layerFolders` (the
    ///   scratch folder); `Layers` = the folders before it, in order, each with
    ///   `ID = layerID(base name)` (`NameToGuid`). The name is Go's `filepath.Base`, so a folder
    ///   written with a trailing `\` is still named by its last element; the seed's
    ///   `filepath.Split` gave `""` there, one id for every such layer (docs/hcs.md §6).
    /// - Hyper-V (`windows.hyperv` present): `HvPartition`, `HvRuntime.ImagePath` =
    ///   `hyperv.utilityVMPath`, else Go's `filepath.Join(<base layer>, "UtilityVM")` (cleaned,
    ///   one kind of separator); `SandboxPath` = `filepath.Dir` of the scratch folder (cleaned:
    ///   `C:\run\..\containers\c1` → `C:\containers`). As in the seed, `VolumePath` and
    ///   `LayerFolderPath` stay set.
    /// - Resources: CPU shares → `ProcessorWeight`; legacy `cpu.percent` × 100 (the seed) or
    ///   `cpu.maximum` as is → `ProcessorMaximum`; memory bytes / 1 MiB → `MemoryMaximumInMB`;
    ///   storage iops, bps, sandbox size as is. `cpu.count` has no schema-v1 field in the seed.
    /// - Every mount → `MappedDirectories`, read-only when an option is `ro`.
    ///
    /// Throws `.invalidArgument` when the spec has no Windows section or no layer folders, and
    /// whatever `layerID` throws.
    public init(
        spec: OCISpec, id: String, owner: String = HCSContainerConfig.defaultOwner,
        layerID: (String) throws(ShimError) -> String
    ) throws(ShimError) {
        guard let windows = spec.windows else {
            throw ShimError.invalidArgument("hcs document: the spec has no windows section")
        }
        guard let scratch = windows.layerFolders?.last else {
            throw ShimError.invalidArgument("hcs document: windows.layerFolders is empty")
        }
        self.init(
            name: id, owner: owner, volumePath: spec.root?.path ?? "",
            ignoreFlushesDuringBoot: windows.ignoreFlushesDuringBoot ?? false,
            layerFolderPath: scratch, hostName: spec.hostname ?? "")

        if let network = windows.network { endpointList = network.endpointList }
        if let resources = windows.resources { apply(resources) }

        let imageLayers = Array(windows.layerFolders?.dropLast() ?? [])
        if let hyperV = windows.hyperv {
            hvPartition = true
            let image = hyperV.utilityVMPath ?? imageLayers.last.map { WindowsPath.join($0, "UtilityVM") } ?? ""
            hvRuntime = HCSHvRuntime(imagePath: image)
            sandboxPath = WindowsPath.dir(scratch)
        }
        servicing = windows.servicing ?? false

        // The seed appended to a nil slice: no image layers encode as `null`.
        for path in imageLayers {
            let guid = try layerID(WindowsPath.base(path))
            layers = (layers ?? []) + [HCSLayer(id: guid, path: path)]
        }
        mappedDirectories = (spec.mounts ?? []).map {
            HCSMappedDirectory(hostPath: $0.source ?? "", containerPath: $0.destination, readOnly: $0.isReadOnly)
        }
    }

    private mutating func apply(_ resources: OCIWindowsResources) {
        if let cpu = resources.cpu {
            if let shares = cpu.shares { processorWeight = UInt64(shares) }
            if let percent = cpu.percent {
                processorMaximum = Int64(percent) * 100
            } else if let maximum = cpu.maximum {
                processorMaximum = Int64(maximum)
            }
        }
        if let limit = resources.memory?.limit {
            memoryMaximumInMB = Int64(clamping: limit / 1024 / 1024)
        }
        if let storage = resources.storage {
            if let bps = storage.bps { storageBandwidthMaximum = bps }
            if let iops = storage.iops { storageIOPSMaximum = iops }
            if let size = storage.sandboxSize { storageSandboxSize = size }
        }
    }
}
