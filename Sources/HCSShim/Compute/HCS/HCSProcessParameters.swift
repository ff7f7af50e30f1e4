/// The process document for `HcsCreateProcess` (HCS schema-v1 `ProcessConfig`).
///
/// `json` writes the keys in hcsshim's field order, every one but `ConsoleSize` omitted when
/// zero; `ConsoleSize` is a Go `[2]uint` (height, width), which `omitempty` never omits. The
/// Linux-only fields (`CommandArgs`, `OCISpecification`, ...) are not part of a Windows
/// container's document.
public struct HCSProcessParameters: Sendable, Equatable {
    public var applicationName = ""
    public var commandLine: String
    /// A Windows user name; empty = the container's default user.
    public var user = ""
    public var workingDirectory: String
    public var environment: HCSEnvironment
    public var emulateConsole: Bool
    public var createStdInPipe: Bool
    public var createStdOutPipe: Bool
    public var createStdErrPipe: Bool
    /// Height, then width.
    public var consoleSize: (height: UInt, width: UInt)

    public init(
        commandLine: String, workingDirectory: String, environment: HCSEnvironment = HCSEnvironment(),
        emulateConsole: Bool = false, createStdInPipe: Bool = true, createStdOutPipe: Bool = true,
        createStdErrPipe: Bool = true, consoleSize: (height: UInt, width: UInt) = (0, 0)
    ) {
        self.commandLine = commandLine
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.emulateConsole = emulateConsole
        self.createStdInPipe = createStdInPipe
        self.createStdOutPipe = createStdOutPipe
        self.createStdErrPipe = createStdErrPipe
        self.consoleSize = consoleSize
    }

    public static func == (lhs: HCSProcessParameters, rhs: HCSProcessParameters) -> Bool {
        lhs.json == rhs.json
    }

    public var json: GoJSON {
        var members: [(String, GoJSON)] = []
        func string(_ key: String, _ value: String) { if !value.isEmpty { members.append((key, .string(value))) } }
        func flag(_ key: String, _ value: Bool) { if value { members.append((key, .bool(true))) } }
        string("ApplicationName", applicationName)
        string("CommandLine", commandLine)
        string("User", user)
        string("WorkingDirectory", workingDirectory)
        if !environment.isEmpty { members.append(("Environment", environment.json)) }
        flag("EmulateConsole", emulateConsole)
        flag("CreateStdInPipe", createStdInPipe)
        flag("CreateStdOutPipe", createStdOutPipe)
        flag("CreateStdErrPipe", createStdErrPipe)
        members.append(("ConsoleSize", .array([.uint(UInt64(consoleSize.height)), .uint(UInt64(consoleSize.width))])))
        return .object(members)
    }
}

extension HCSProcessParameters {
    /// The parameters the seed built for a process, with its bugs fixed.
    ///
    /// - Command line: `process.commandLine` when set, else the arguments quoted for
    ///   `CommandLineToArgvW` (the seed joined them with spaces).
    /// - Working directory: `process.cwd`, or `fallbackWorkingDirectory` (the init process's)
    ///   when empty, as the seed's `AddProcess` did.
    /// - Environment: `HCSEnvironment(entries:)`, split at the first `=` (the seed split at every one).
    /// - Console: `EmulateConsole` = `terminal`; `ConsoleSize` = `consoleSize` with a terminal,
    ///   zero without one (the 2016 wrapper zeroed it).
    /// - Pipes: stdin and stdout always, stderr only without a terminal: the seed's choice, since
    ///   an emulated console merges stderr into stdout.
    /// - User: `process.user.username`.
    ///
    /// Throws `.invalidArgument` for a process with neither arguments nor a command line.
    public init(process: OCIProcess, fallbackWorkingDirectory: String = "") throws(ShimError) {
        let commandLine: String
        if let given = process.commandLine, !given.isEmpty {
            commandLine = given
        } else {
            commandLine = try WindowsCommandLine.join(process.args ?? [])
        }
        let terminal = process.terminal ?? false
        let cwd = process.cwd ?? ""
        let size = terminal ? (process.consoleSize.map { ($0.height, $0.width) } ?? (0, 0)) : (0, 0)
        self.init(
            commandLine: commandLine, workingDirectory: cwd.isEmpty ? fallbackWorkingDirectory : cwd,
            environment: HCSEnvironment(entries: process.env ?? []),
            emulateConsole: terminal, createStdInPipe: true, createStdOutPipe: true,
            createStdErrPipe: !terminal, consoleSize: size)
        user = process.user?.username ?? ""
    }
}
