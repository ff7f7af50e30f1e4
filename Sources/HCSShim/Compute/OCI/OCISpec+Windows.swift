/// The Windows section of an OCI spec (`windows`), as runtime-spec v1.x defines it.
///
/// `layerFolders` lists the image layers from the topmost to the base layer, followed by the
/// container's own scratch folder (the seed's separate `LayerPaths` and `LayerFolder`).
public struct OCIWindows: Codable, Sendable, Equatable {
    public var layerFolders: [String]?
    public var resources: OCIWindowsResources?
    public var credentialSpec: JSONValue?
    /// A servicing (Windows Update) container.
    public var servicing: Bool?
    /// The seed's `FirstStart`: HCS may skip flushes while the container boots.
    public var ignoreFlushesDuringBoot: Bool?
    /// Present (even empty) for Hyper-V isolation.
    public var hyperv: OCIWindowsHyperV?
    public var network: OCIWindowsNetwork?

    public init(
        layerFolders: [String]? = nil, resources: OCIWindowsResources? = nil, servicing: Bool? = nil,
        ignoreFlushesDuringBoot: Bool? = nil, hyperv: OCIWindowsHyperV? = nil, network: OCIWindowsNetwork? = nil
    ) {
        self.layerFolders = layerFolders
        self.resources = resources
        self.servicing = servicing
        self.ignoreFlushesDuringBoot = ignoreFlushesDuringBoot
        self.hyperv = hyperv
        self.network = network
    }
}

/// `windows.resources`.
public struct OCIWindowsResources: Codable, Sendable, Equatable {
    public var memory: Memory?
    public var cpu: CPU?
    public var storage: Storage?

    public init(memory: Memory? = nil, cpu: CPU? = nil, storage: Storage? = nil) {
        self.memory = memory
        self.cpu = cpu
        self.storage = storage
    }

    public struct Memory: Codable, Sendable, Equatable {
        /// Bytes.
        public var limit: UInt64?

        public init(limit: UInt64? = nil) { self.limit = limit }
    }

    public struct CPU: Codable, Sendable, Equatable {
        public var count: UInt64?
        /// Relative weight, 1...10000.
        public var shares: UInt16?
        /// Percentage of the host's cycles × 100, 1...10000 (runtime-spec ≥ 1.0).
        public var maximum: UInt16?
        /// Percentage 1...100: the pre-1.0 field the seed multiplied by 100.
        public var percent: UInt8?

        public init(count: UInt64? = nil, shares: UInt16? = nil, maximum: UInt16? = nil, percent: UInt8? = nil) {
            self.count = count
            self.shares = shares
            self.maximum = maximum
            self.percent = percent
        }
    }

    public struct Storage: Codable, Sendable, Equatable {
        public var iops: UInt64?
        /// Bytes per second.
        public var bps: UInt64?
        /// Bytes the system drive is expanded to if smaller.
        public var sandboxSize: UInt64?

        public init(iops: UInt64? = nil, bps: UInt64? = nil, sandboxSize: UInt64? = nil) {
            self.iops = iops
            self.bps = bps
            self.sandboxSize = sandboxSize
        }
    }
}

/// `windows.hyperv`.
public struct OCIWindowsHyperV: Codable, Sendable, Equatable {
    /// The utility VM image; when absent, `<base layer>\UtilityVM`.
    public var utilityVMPath: String?

    public init(utilityVMPath: String? = nil) { self.utilityVMPath = utilityVMPath }
}

/// `windows.network`.
public struct OCIWindowsNetwork: Codable, Sendable, Equatable {
    /// HNS endpoint ids to attach.
    public var endpointList: [String]?
    public var allowUnqualifiedDNSQuery: Bool?
    public var dnsSearchList: [String]?
    public var networkSharedContainerName: String?
    public var networkNamespace: String?

    enum CodingKeys: String, CodingKey {
        case endpointList, allowUnqualifiedDNSQuery
        case dnsSearchList = "DNSSearchList"
        case networkSharedContainerName, networkNamespace
    }

    public init(endpointList: [String]? = nil) { self.endpointList = endpointList }
}
