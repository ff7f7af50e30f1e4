/// The production `LoggerLauncher`: loggers are started by the shim's `ProcessSpawner`
/// (posix_spawn, nothing but the given descriptors, default signal dispositions) and their exit
/// is collected by the process-wide `Reaper`, the only owner of `wait` in the shim.
struct SpawnedLoggerLauncher: LoggerLauncher {
    var reaper: Reaper = .shared

    func launch(argv: [String], environment: [String], descriptors: [FileDescriptor]) throws(ShimError) -> Int32 {
        guard let path = argv.first, path.hasPrefix("/") else {
            throw ShimError(.invalidArgument, "logger: program path must be absolute")
        }
        return try ProcessSpawner.spawn(argv, environment: environment, extraFiles: descriptors, reaper: reaper)
    }

    func signal(pid: Int32, kill: Bool) {
        // SIGKILL and SIGTERM (9 and 15 on every Linux architecture); ESRCH means already gone.
        try? Signals.send(kill ? 9 : 15, to: pid)
    }

    func wait(pid: Int32) async -> Int32 {
        Int32(bitPattern: await reaper.wait(pid: pid).code)
    }
}
