#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem

/// Starts child processes with `posix_spawn` — never `fork`, which is unsafe in a threaded
/// process — and registers them with the `Reaper`.
///
/// Every child gets exactly the descriptors it is given: fds 0, 1, 2 (or /dev/null), then
/// `extraFiles` as 3, 4, …, and nothing else (`posix_spawn_file_actions_addclosefrom_np`, on
/// top of O_CLOEXEC everywhere). It gets an empty signal mask and default signal dispositions
/// whatever the shim's own settings.
public enum ProcessSpawner {
    /// The outcome of `run`: the exit status and everything written to stdout and stderr.
    public struct Output: Sendable {
        public var status: ExitStatus
        public var stdout: [UInt8]
        public var stderr: [UInt8]
    }

    /// Starts `argv` (`argv[0]` is looked up in `PATH` unless it contains a slash) and returns
    /// its pid; wait for it with `reaper.wait(pid:)`. The descriptors are borrowed: the caller
    /// still owns and closes them. `environment` nil inherits the shim's environment.
    /// Throws `.notFound` if the executable does not exist, else the classified spawn errno.
    public static func spawn(
        _ argv: [String], environment: [String]? = nil,
        stdin: FileDescriptor? = nil, stdout: FileDescriptor? = nil, stderr: FileDescriptor? = nil,
        extraFiles: [FileDescriptor] = [], workingDirectory: String? = nil,
        newProcessGroup: Bool = false, reaper: Reaper = .shared
    ) throws(ShimError) -> Int32 {
        guard let program = argv.first, !program.isEmpty else {
            throw ShimError(.invalidArgument, "spawn: empty argv")
        }
        let targets: [FileDescriptor?] = [stdin, stdout, stderr] + extraFiles.map { Optional($0) }
        // Move every source above the target range first, so no dup2 overwrites a source that
        // a later dup2 still needs, and each dup2 changes the number (which clears CLOEXEC).
        var lifted: [FileDescriptor] = []
        defer { for fd in lifted { fd.close() } }
        var sources: [FileDescriptor?] = []
        for target in targets {
            guard let target else { sources.append(nil); continue }
            let copy = try retryingInterrupts("fcntl F_DUPFD_CLOEXEC") {
                fcntl(target.rawValue, F_DUPFD_CLOEXEC, Int32(targets.count))
            }
            lifted.append(FileDescriptor(rawValue: copy))
            sources.append(FileDescriptor(rawValue: copy))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (index, source) in sources.enumerated() {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source.rawValue, Int32(index))
            } else {
                posix_spawn_file_actions_addopen(&actions, Int32(index), "/dev/null", O_RDWR, 0)
            }
        }
        _ = csystem_spawn_addclosefrom(&actions, Int32(targets.count))
        if let workingDirectory { _ = csystem_spawn_addchdir(&actions, workingDirectory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let attrRC = csystem_spawnattr_prepare(&attributes, newProcessGroup ? 1 : 0)
        if attrRC != 0 { throw errnoError("posix_spawnattr", attrRC) }

        let cArgv = CStringArray(argv)
        let cEnv = environment.map(CStringArray.init)
        defer { cArgv.free(); cEnv?.free() }
        return try reaper.spawn { () throws(ShimError) -> Int32 in
            var pid: pid_t = 0
            let rc = posix_spawnp(&pid, program, &actions, &attributes, cArgv.pointers, cEnv?.pointers ?? environ)
            if rc == ENOENT {
                throw ShimError(.notFound, "spawn \(program): executable file not found")
            }
            if rc != 0 { throw errnoError("spawn \(program)", rc) }
            return pid
        }
    }

    /// Runs `argv` to completion, feeding `input` to its stdin and collecting its stdout and
    /// stderr through the `EventLoop`, waiting through the `Reaper`. A non-zero exit is not an
    /// error here: the status is returned. Throws only when the process cannot be started.
    /// The child must not leave descendants holding its stdout/stderr (reading waits for EOF).
    public static func run(
        _ argv: [String], input: [UInt8] = [], environment: [String]? = nil,
        workingDirectory: String? = nil, reaper: Reaper = .shared
    ) async throws(ShimError) -> Output {
        Signals.ignoreBrokenPipe()
        let out = try FileDescriptor.pipe()
        let err: (read: FileDescriptor, write: FileDescriptor)
        do { err = try FileDescriptor.pipe() } catch { out.read.close(); out.write.close(); throw error }
        var inPipe: (read: FileDescriptor, write: FileDescriptor)?
        // Descriptors the event loop has seen must leave its table before they are closed,
        // or a later descriptor with the same number would inherit a stale registration.
        defer { closeWatched(out.read); closeWatched(err.read); inPipe.map { closeWatched($0.write) } }
        let pid: Int32
        do {
            if !input.isEmpty { inPipe = try FileDescriptor.pipe() }
            // Only the shim's ends are non-blocking; the child sees ordinary blocking pipes.
            try out.read.setNonBlocking()
            try err.read.setNonBlocking()
            try inPipe?.write.setNonBlocking()
            pid = try spawn(argv, environment: environment, stdin: inPipe?.read, stdout: out.write,
                            stderr: err.write, workingDirectory: workingDirectory, reaper: reaper)
        } catch {
            out.write.close(); err.write.close(); inPipe?.read.close()
            throw error
        }
        out.write.close(); err.write.close(); inPipe?.read.close()

        let stdinEnd = inPipe?.write
        async let stdoutBytes = readToEnd(out.read)
        async let stderrBytes = readToEnd(err.read)
        if let stdinEnd {
            await writeAll(input, to: stdinEnd)
            closeWatched(stdinEnd)
            inPipe = nil
        }
        let status = await reaper.wait(pid: pid)
        return Output(status: status, stdout: await stdoutBytes, stderr: await stderrBytes)
    }

    /// Closes a descriptor that may have been waited on through the event loop.
    static func closeWatched(_ fd: FileDescriptor) {
        EventLoop.shared.cancelWaits(on: fd.rawValue)
        fd.close()
    }

    /// Reads a non-blocking descriptor until EOF or an error; an error ends the output early.
    static func readToEnd(_ fd: FileDescriptor) async -> [UInt8] {
        var collected: [UInt8] = []
        while true {
            do throws(ShimError) {
                guard let chunk = try fd.read(upTo: 65536) else {
                    try await EventLoop.shared.waitReadable(fd.rawValue)
                    continue
                }
                if chunk.isEmpty { return collected }
                collected += chunk
            } catch {
                return collected
            }
        }
    }

    /// Writes all of `bytes` to a non-blocking descriptor; stops early if the reader is gone.
    static func writeAll(_ bytes: [UInt8], to fd: FileDescriptor) async {
        var offset = 0
        while offset < bytes.count {
            do throws(ShimError) {
                guard let written = try fd.write(bytes[offset...]) else {
                    try await EventLoop.shared.waitWritable(fd.rawValue)
                    continue
                }
                offset += written
            } catch {
                return  // EPIPE: the child closed its stdin
            }
        }
    }
}

/// A NULL-terminated `char *[]` copied from Swift strings; `free()` releases it exactly once.
private struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    func free() {
        var index = 0
        while let pointer = pointers[index] { Glibc.free(pointer); index += 1 }
        pointers.deallocate()
    }
}
