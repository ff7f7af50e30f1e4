/// The parts of HCS's schema-v1 properties document (`HcsGetComputeSystemProperties`) the shim
/// reads: `Statistics` and `ProcessList`. Key names are HCS's.
public struct HCSProperties: Decodable, Sendable, Equatable {
    public var statistics: HCSStatistics?
    public var processList: [HCSProcessListItem]?

    enum CodingKeys: String, CodingKey {
        case statistics = "Statistics"
        case processList = "ProcessList"
    }

    /// Decodes a properties document. Throws `.internal`: HCS broke its own schema.
    static func decode(_ text: String) throws(ShimError) -> HCSProperties {
        try JSONValueDecoder.decode(HCSProperties.self, from: Array(text.utf8), what: "hcs properties", code: .internal)
    }
}

/// A container's resource usage as HCS reports it. Times in HCS's 100 ns units; timestamps as
/// HCS wrote them (RFC 3339).
public struct HCSStatistics: Decodable, Sendable, Equatable {
    public var timestamp: String?
    public var containerStartTime: String?
    public var uptime100ns: UInt64?
    public var memory: Memory?
    public var processor: Processor?
    public var storage: Storage?

    enum CodingKeys: String, CodingKey {
        case timestamp = "Timestamp", containerStartTime = "ContainerStartTime", uptime100ns = "Uptime100ns"
        case memory = "Memory", processor = "Processor", storage = "Storage"
    }

    public struct Memory: Decodable, Sendable, Equatable {
        public var usageCommitBytes: UInt64?
        public var usageCommitPeakBytes: UInt64?
        public var usagePrivateWorkingSetBytes: UInt64?

        enum CodingKeys: String, CodingKey {
            case usageCommitBytes = "MemoryUsageCommitBytes"
            case usageCommitPeakBytes = "MemoryUsageCommitPeakBytes"
            case usagePrivateWorkingSetBytes = "MemoryUsagePrivateWorkingSetBytes"
        }
    }

    public struct Processor: Decodable, Sendable, Equatable {
        public var totalRuntime100ns: UInt64?
        public var runtimeUser100ns: UInt64?
        public var runtimeKernel100ns: UInt64?

        enum CodingKeys: String, CodingKey {
            case totalRuntime100ns = "TotalRuntime100ns", runtimeUser100ns = "RuntimeUser100ns"
            case runtimeKernel100ns = "RuntimeKernel100ns"
        }
    }

    public struct Storage: Decodable, Sendable, Equatable {
        public var readCountNormalized: UInt64?
        public var readSizeBytes: UInt64?
        public var writeCountNormalized: UInt64?
        public var writeSizeBytes: UInt64?

        enum CodingKeys: String, CodingKey {
            case readCountNormalized = "ReadCountNormalized", readSizeBytes = "ReadSizeBytes"
            case writeCountNormalized = "WriteCountNormalized", writeSizeBytes = "WriteSizeBytes"
        }
    }
}

/// One process of `ProcessList`.
public struct HCSProcessListItem: Decodable, Sendable, Equatable {
    public var processID: UInt32
    public var imageName: String?
    public var createTimestamp: String?
    public var userTime100ns: UInt64?
    public var kernelTime100ns: UInt64?
    public var memoryCommitBytes: UInt64?
    public var memoryWorkingSetPrivateBytes: UInt64?
    public var memoryWorkingSetSharedBytes: UInt64?

    enum CodingKeys: String, CodingKey {
        case processID = "ProcessId", imageName = "ImageName", createTimestamp = "CreateTimestamp"
        case userTime100ns = "UserTime100ns", kernelTime100ns = "KernelTime100ns"
        case memoryCommitBytes = "MemoryCommitBytes", memoryWorkingSetPrivateBytes = "MemoryWorkingSetPrivateBytes"
        case memoryWorkingSetSharedBytes = "MemoryWorkingSetSharedBytes"
    }
}
