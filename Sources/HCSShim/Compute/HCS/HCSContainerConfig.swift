/// The HCS schema-v1 container document the seed sent to `CreateComputeSystem` (its
/// `containerInit`), field for field.
///
/// `json` writes it as Go's `encoding/json` wrote the seed's struct: keys in the seed's field
/// order, `omitempty` only on the processor, storage and memory limits, nil slices and pointers
/// as `null` (`Devices` always, `Layers` with no layers, `EndpointList` without a network
/// section, `HvRuntime` for process isolation) and `MappedDirectories` always an array.
/// Build one from an OCI spec with `init(spec:id:owner:servicing:layerID:)`.
public struct HCSContainerConfig: Sendable, Equatable {
    /// HCS requires `"Container"`.
    public var systemType = "Container"
    /// The container id.
    public var name: String
    /// The management stack that created the system.
    public var owner: String
    /// Development flag of 2016 HCS; always false.
    public var isDummy = false
    /// The scratch volume (`\\?\Volume{GUID}\`).
    public var volumePath: String
    public var ignoreFlushesDuringBoot: Bool
    /// The container's own (scratch) layer folder.
    public var layerFolderPath: String
    /// Read-only image layers, topmost first; nil encodes as `null`.
    public var layers: [HCSLayer]?
    /// CPU shares 1...10000; 0 = HCS default (omitted).
    public var processorWeight: UInt64 = 0
    /// Percent of host CPU × 100, 1...10000; 0 = unlimited (omitted).
    public var processorMaximum: Int64 = 0
    public var storageIOPSMaximum: UInt64 = 0
    /// Bytes per second.
    public var storageBandwidthMaximum: UInt64 = 0
    /// Bytes the system drive is expanded to if smaller.
    public var storageSandboxSize: UInt64 = 0
    public var memoryMaximumInMB: Int64 = 0
    public var hostName: String
    public var mappedDirectories: [HCSMappedDirectory]
    /// Hyper-V only: the folder holding the layer folders.
    public var sandboxPath: String = ""
    /// Hyper-V isolation.
    public var hvPartition = false
    /// HNS endpoint ids; nil encodes as `null`.
    public var endpointList: [String]?
    /// Hyper-V only; nil encodes as `null`.
    public var hvRuntime: HCSHvRuntime?
    public var servicing = false

    public init(
        name: String, owner: String, volumePath: String = "", ignoreFlushesDuringBoot: Bool = false,
        layerFolderPath: String = "", layers: [HCSLayer]? = nil, hostName: String = "",
        mappedDirectories: [HCSMappedDirectory] = []
    ) {
        self.name = name
        self.owner = owner
        self.volumePath = volumePath
        self.ignoreFlushesDuringBoot = ignoreFlushesDuringBoot
        self.layerFolderPath = layerFolderPath
        self.layers = layers
        self.hostName = hostName
        self.mappedDirectories = mappedDirectories
    }

    /// The document as Go encoded the seed's `containerInit`.
    public var json: GoJSON {
        var members: [(String, GoJSON)] = [
            ("SystemType", .string(systemType)),
            ("Name", .string(name)),
            ("Owner", .string(owner)),
            ("IsDummy", .bool(isDummy)),
            ("VolumePath", .string(volumePath)),
            // The seed's TP4-era `Devices []device` was never filled in.
            ("Devices", .null),
            ("IgnoreFlushesDuringBoot", .bool(ignoreFlushesDuringBoot)),
            ("LayerFolderPath", .string(layerFolderPath)),
            ("Layers", layers.map { .array($0.map(\.json)) } ?? .null),
        ]
        if processorWeight != 0 { members.append(("ProcessorWeight", .uint(processorWeight))) }
        if processorMaximum != 0 { members.append(("ProcessorMaximum", .int(processorMaximum))) }
        if storageIOPSMaximum != 0 { members.append(("StorageIOPSMaximum", .uint(storageIOPSMaximum))) }
        if storageBandwidthMaximum != 0 { members.append(("StorageBandwidthMaximum", .uint(storageBandwidthMaximum))) }
        if storageSandboxSize != 0 { members.append(("StorageSandboxSize", .uint(storageSandboxSize))) }
        if memoryMaximumInMB != 0 { members.append(("MemoryMaximumInMB", .int(memoryMaximumInMB))) }
        members += [
            ("HostName", .string(hostName)),
            ("MappedDirectories", .array(mappedDirectories.map(\.json))),
            ("SandboxPath", .string(sandboxPath)),
            ("HvPartition", .bool(hvPartition)),
            ("EndpointList", endpointList.map { .array($0.map { .string($0) }) } ?? .null),
            ("HvRuntime", hvRuntime?.json ?? .null),
            ("Servicing", .bool(servicing)),
        ]
        return .object(members)
    }
}

/// One read-only image layer: `ID` is `NameToGuid` of the folder's base name.
public struct HCSLayer: Sendable, Equatable {
    public var id: String
    public var path: String

    public init(id: String, path: String) {
        self.id = id
        self.path = path
    }

    var json: GoJSON { .object([("ID", .string(id)), ("Path", .string(path))]) }
}

/// A host directory mapped into the container.
public struct HCSMappedDirectory: Sendable, Equatable {
    public var hostPath: String
    public var containerPath: String
    public var readOnly: Bool

    public init(hostPath: String, containerPath: String, readOnly: Bool) {
        self.hostPath = hostPath
        self.containerPath = containerPath
        self.readOnly = readOnly
    }

    var json: GoJSON {
        .object([("HostPath", .string(hostPath)), ("ContainerPath", .string(containerPath)), ("ReadOnly", .bool(readOnly))])
    }
}

/// Hyper-V settings: the utility VM image (`omitempty`).
public struct HCSHvRuntime: Sendable, Equatable {
    public var imagePath: String

    public init(imagePath: String) { self.imagePath = imagePath }

    var json: GoJSON { .object(imagePath.isEmpty ? [] : [("ImagePath", .string(imagePath))]) }
}
