extension HCSProcessParameters {
    /// The parameters the seed built for a process, with its bugs fixed.
    ///
    /// - Command line: `process.commandLine` when set, else the arguments quoted for
    ///   `CommandLineToArgvW` (the seed joined them with spaces).
    /// - Working directory: `process.cwd`, or `fallbackWorkingDirectory` (the init process's)
    ///   when empty, as the seed's `AddProcess` did.
    /// - Environment: see `environment(from:)`.
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
            environment: HCSProcessParameters.environment(from: process.env ?? []),
            emulateConsole: terminal, createStdInPipe: true, createStdOutPipe: true,
            createStdErrPipe: !terminal, consoleSize: size)
        user = process.user?.username ?? ""
    }

    /// The environment block as a map: each `KEY=value` entry split at its first `=` after the
    /// first character, so values keep their own `=` (the seed split at every `=` and silently
    /// dropped `A=b=c`) and Windows' per-drive variables such as `=C:=C:\work` keep their name.
    /// An entry without such an `=` is dropped; a later entry for the same name wins.
    public static func environment(from entries: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries {
            guard let first = entry.first else { continue }
            let rest = entry.dropFirst()
            guard let equals = rest.firstIndex(of: "=") else { continue }
            let key = String(first) + String(rest[rest.startIndex..<equals])
            result[key] = String(rest[rest.index(after: equals)...])
        }
        return result
    }
}
