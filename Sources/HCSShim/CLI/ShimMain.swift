/// The shim's entry point: parses the command line and runs one action.
///
/// `prepare()` must run first in `main`, before any other thread exists: it blocks the
/// signals the shim consumes through signalfds (SIGCHLD for the reaper; SIGTERM, SIGINT and
/// SIGUSR1 for the serving loop) so every later thread inherits the mask, ignores SIGPIPE, and
/// makes `ShimExecutor` the executor of every task (no libdispatch pool, so no idle timer), and
/// keeps malloc to one arena.
public enum ShimMain {
    public static func prepare() -> TerminationSignals? {
        try? Signals.prepareProcess()
        ShimProcess.useSingleMallocArena()
        ShimExecutor.install()
        return try? TerminationSignals()
    }

    public static func run(_ argv: [String], signals: TerminationSignals?) async -> Never {
        let arguments: ShimArguments
        do {
            arguments = try ShimArguments(parsing: Array(argv.dropFirst()))
        } catch {
            fail(error)
        }
        switch arguments.action {
        case .version:
            ShimProcess.write(Array("\(ShimVersion.name):\n  Version: \(ShimVersion.version)\n  Runtime: \(ShimVersion.runtimeName)\n".utf8), to: 1)
            ShimProcess.exit(0)
        case .info:
            let (info, diagnostic) = await InfoAction.run(stdin: ShimProcess.readAll(from: 0), backend: RuncBackend())
            if let diagnostic { ShimProcess.write(Array((diagnostic + "\n").utf8), to: 2) }
            ShimProcess.write(info.packed(), to: 1)
            ShimProcess.exit(0)
        case .start:
            do {
                let reply = try await StartAction.run(arguments)
                ShimProcess.write(Array(reply.utf8), to: 1)
                ShimProcess.exit(0)
            } catch {
                fail(error)
            }
        case .delete:
            Log.configure(minimum: .info) { line in ShimProcess.write(line, to: 2) }
            ShimProcess.write(await DeleteAction.run(arguments, backend: RuncBackend()), to: 1)
            ShimProcess.exit(0)
        case .serve:
            guard let signals else { fail(ShimError.internal("cannot create the signal descriptor")) }
            do {
                try await ServeAction.run(arguments, signals: signals)
            } catch {
                Log.error("shim failed", ["error": error.message])
                fail(error)
            }
        }
    }

    /// Reports a fatal error on stderr (containerd shows it with the failed command) and exits 1.
    static func fail(_ error: ShimError) -> Never {
        ShimProcess.write(Array("\(ShimVersion.name): \(error.message)\n".utf8), to: 2)
        ShimProcess.exit(1)
    }
}
