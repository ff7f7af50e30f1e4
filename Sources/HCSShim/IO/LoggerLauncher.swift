/// Starts, signals and waits for `binary://` logging programs.
///
/// This is the one seam between stdio handling and process management: the shim's spawner and
/// reaper implement it in production, so that a logger's exit is collected by the process's
/// single owner of `wait` and never stolen by a second one.
protocol LoggerLauncher: Sendable {
    /// Starts `argv` (`argv[0]` is an absolute path; no shell, no `PATH` search) with exactly
    /// `environment`, fds 0–2 on /dev/null and `descriptors[i]` as fd 3 + i. The descriptors are
    /// borrowed. Returns the pid; throws `.notFound` for a missing program, else the spawn errno.
    func launch(argv: [String], environment: [String], descriptors: [FileDescriptor]) throws(ShimError) -> Int32

    /// Sends SIGTERM, or SIGKILL when `kill` is true. A process already gone is not an error.
    func signal(pid: Int32, kill: Bool)

    /// Suspends until `pid` has exited and been reaped; returns its exit code, 128 + signal for a
    /// signaled process, or -1 if the exit could not be observed.
    func wait(pid: Int32) async -> Int32
}

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
