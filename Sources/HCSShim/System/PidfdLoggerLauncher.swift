#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// A `LoggerLauncher` built on `posix_spawn` and pidfds: the exit is awaited on the event loop
/// (a pidfd becomes readable when its process exits) and collected with `waitpid` for that pid.
///
/// TODO(io): once the process-wide `ProcessSpawner`/`Reaper` are on main, route through them
/// instead: with a `wait4(-1)` reaper running, `waitpid` here may find the child already
/// reaped (ECHILD), which this type reports as -1 rather than hanging.
struct PidfdLoggerLauncher: LoggerLauncher {
    func launch(argv: [String], environment: [String], descriptors: [FileDescriptor]) throws(ShimError) -> Int32 {
        guard let path = argv.first, path.hasPrefix("/") else {
            throw ShimError(.invalidArgument, "logger: program path must be absolute")
        }
        FileDescriptor.ignoreBrokenPipeSignal()
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in cArgv { free(pointer) }
            for pointer in cEnv { free(pointer) }
        }
        let fds = descriptors.map(\.rawValue)
        var pid: Int32 = 0
        let rc = csystem_spawn_with_fds(path, cArgv, cEnv, fds, Int32(fds.count), &pid)
        if rc != 0 {
            let code = errno
            if code == ENOENT { throw ShimError(.notFound, "logger \(path): no such file") }
            throw errnoError("spawn logger \(path)", code)
        }
        return pid
    }

    func signal(pid: Int32, kill: Bool) {
        _ = Glibc.kill(pid, kill ? SIGKILL : SIGTERM)
    }

    func wait(pid: Int32) async -> Int32 {
        let pidfd = csystem_pidfd_open(pid)
        if pidfd >= 0 {
            // Readable once the process has exited; a canceled wait falls through to waitpid.
            try? await EventLoop.shared.waitReadable(pidfd)
            EventLoop.shared.cancelWaits(on: pidfd)
            _ = Glibc.close(pidfd)
        }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid { break }
            if result < 0 && errno == EINTR { continue }
            return -1  // ECHILD: reaped elsewhere
        }
        var code: Int32 = 0
        let kind = csystem_decode_wait_status_io(status, &code)
        return kind == 2 ? 128 + code : code
    }
}
