/// The parts of an OCI runtime spec (`config.json`, runtime-spec v1.x) that the shim reads.
///
/// Both backends decode the bundle's `config.json` through this type: the runc backend for the
/// process, root and Linux sections, the HCS backend for the process, mounts and the Windows
/// section. Every field is optional so that a spec written for the other platform still decodes;
/// unknown keys are ignored, and the Linux parts the shim does not interpret are kept as raw
/// `JSONValue`s. JSON keys are the runtime-spec's own (camelCase).
public struct OCISpec: Codable, Sendable, Equatable {
    public var ociVersion: String?
    public var process: OCIProcess?
    public var root: OCIRoot?
    public var hostname: String?
    public var mounts: [OCIMount]?
    public var annotations: [String: String]?
    public var linux: OCILinux?
    public var windows: OCIWindows?

    public init(
        ociVersion: String? = nil, process: OCIProcess? = nil, root: OCIRoot? = nil, hostname: String? = nil,
        mounts: [OCIMount]? = nil, annotations: [String: String]? = nil, linux: OCILinux? = nil,
        windows: OCIWindows? = nil
    ) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.mounts = mounts
        self.annotations = annotations
        self.linux = linux
        self.windows = windows
    }

    /// Decodes a spec from JSON bytes. Throws `.invalidArgument` naming the decoding failure.
    public static func decode(_ bytes: [UInt8], what: String = "config.json") throws(ShimError) -> OCISpec {
        try JSONValueDecoder.decode(OCISpec.self, from: bytes, what: what)
    }
}

/// The process to run (`process`), also the payload of an `Exec` request.
public struct OCIProcess: Codable, Sendable, Equatable {
    public var terminal: Bool?
    public var consoleSize: OCIConsoleBox?
    public var user: OCIUser?
    public var args: [String]?
    /// Windows only: the full command line, used as is instead of quoting `args`.
    public var commandLine: String?
    public var env: [String]?
    public var cwd: String?
    public var capabilities: JSONValue?
    public var rlimits: JSONValue?
    public var noNewPrivileges: Bool?
    public var apparmorProfile: String?
    public var oomScoreAdj: Int?
    public var selinuxLabel: String?

    public init(
        terminal: Bool? = nil, consoleSize: OCIConsoleBox? = nil, user: OCIUser? = nil, args: [String]? = nil,
        commandLine: String? = nil, env: [String]? = nil, cwd: String? = nil
    ) {
        self.terminal = terminal
        self.consoleSize = consoleSize
        self.user = user
        self.args = args
        self.commandLine = commandLine
        self.env = env
        self.cwd = cwd
    }

    /// Decodes an `Exec` request's process. Throws `.invalidArgument`.
    public static func decode(_ bytes: [UInt8]) throws(ShimError) -> OCIProcess {
        try JSONValueDecoder.decode(OCIProcess.self, from: bytes, what: "process spec")
    }
}

/// A console size in character cells (`process.consoleSize`).
public struct OCIConsoleBox: Codable, Sendable, Equatable {
    public var height: UInt
    public var width: UInt

    public init(height: UInt, width: UInt) {
        self.height = height
        self.width = width
    }
}

/// The user a process runs as: numeric ids on Linux, a user name on Windows.
public struct OCIUser: Codable, Sendable, Equatable {
    public var uid: UInt32?
    public var gid: UInt32?
    public var umask: UInt32?
    public var additionalGids: [UInt32]?
    public var username: String?

    public init(uid: UInt32? = nil, gid: UInt32? = nil, username: String? = nil) {
        self.uid = uid
        self.gid = gid
        self.username = username
    }
}

/// The container's root filesystem (`root`); on Windows `path` is the scratch volume.
public struct OCIRoot: Codable, Sendable, Equatable {
    public var path: String
    public var readonly: Bool?

    public init(path: String, readonly: Bool? = nil) {
        self.path = path
        self.readonly = readonly
    }
}

/// One mount (`mounts[]`).
public struct OCIMount: Codable, Sendable, Equatable {
    public var destination: String
    public var type: String?
    public var source: String?
    public var options: [String]?

    public init(destination: String, type: String? = nil, source: String? = nil, options: [String]? = nil) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
    }

    /// Whether the options ask for a read-only mount: an option equal to `ro`, compared
    /// case-insensitively as hcsshim does.
    public var isReadOnly: Bool {
        (options ?? []).contains { $0.lowercased() == "ro" }
    }
}

/// The Linux section (`linux`): what the shim itself reads, with the rest passed through.
public struct OCILinux: Codable, Sendable, Equatable {
    public var namespaces: [OCINamespace]?
    /// `linux.resources`, uninterpreted: the runtime applies it.
    public var resources: JSONValue?
    public var cgroupsPath: String?
    public var uidMappings: JSONValue?
    public var gidMappings: JSONValue?

    public init(namespaces: [OCINamespace]? = nil, resources: JSONValue? = nil, cgroupsPath: String? = nil) {
        self.namespaces = namespaces
        self.resources = resources
        self.cgroupsPath = cgroupsPath
    }
}

/// One Linux namespace (`linux.namespaces[]`); `path` joins an existing one.
public struct OCINamespace: Codable, Sendable, Equatable {
    public var type: String
    public var path: String?

    public init(type: String, path: String? = nil) {
        self.type = type
        self.path = path
    }
}

extension OCISpec {
    /// Reads and decodes `<bundle>/config.json`. Throws `.notFound` when the file cannot be read,
    /// `.invalidArgument` when it is not a valid spec.
    public static func load(bundle: String) throws(ShimError) -> OCISpec {
        let path = bundle.hasSuffix("/") ? bundle + "config.json" : bundle + "/config.json"
        let bytes: [UInt8]
        do { bytes = try Files.read(path) } catch { throw ShimError.notFound(error.message) }
        return try decode(bytes, what: path)
    }
}
