#if os(Linux)
/// Starts `binary://` loggers through the shim's `ProcessSpawner` and waits for them through
/// the process-wide `Reaper`, so a logger's exit is never taken by a second `wait`.
struct ReaperLoggerLauncher: LoggerLauncher {
    func launch(argv: [String], environment: [String], descriptors: [FileDescriptor]) throws(ShimError) -> Int32 {
        guard let path = argv.first, path.hasPrefix("/") else {
            throw ShimError(.invalidArgument, "logger: program path must be absolute")
        }
        return try ProcessSpawner.spawn(argv, environment: environment, extraFiles: descriptors)
    }

    func signal(pid: Int32, kill: Bool) {
        try? Signals.send(kill ? 9 : 15, to: pid)
    }

    func wait(pid: Int32) async -> Int32 {
        Int32(bitPattern: await Reaper.shared.wait(pid: pid).code)
    }
}
#endif
