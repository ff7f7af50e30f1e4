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
