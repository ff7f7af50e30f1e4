/// Setting up a process's streams from containerd's paths (runc-v2 `createIO` + `copyPipes`).
extension ProcessIO {
    /// Sets up stdio for one process. Fifos and files must already exist as the client created
    /// them (`file://` targets are created). For a terminal no pipes are made: the console's
    /// input and output are opened now and copied once `attachConsole` gets the pty master.
    /// A `binary://` logger is started and waited for until it reports ready.
    ///
    /// Throws `.invalidArgument` for a bad or unknown scheme, `.notFound` for a missing fifo or
    /// logger, else the classified errno; on failure nothing is left open or running.
    static func make(
        _ stdio: StdioPaths, containerID: String, namespace: String, ioUID: UInt32, ioGID: UInt32,
        launcher: any LoggerLauncher = SpawnedLoggerLauncher(),
        loggerTerminationTimeout: Duration = .seconds(12)
    ) async throws(ShimError) -> ProcessIO {
        let spec = try StdioSpec(stdio)
        var setup = Setup()
        do throws(ShimError) {
            try setup.openStdin(spec.stdin, terminal: stdio.terminal)
            switch spec {
            case .null:
                break
            case .fifo(_, let stdout, let stderr):
                let out = stdout.isEmpty ? nil : try setup.own(FileDescriptor.openOutput(stdout))
                var err: FileDescriptor?
                // A terminal has one output stream: clients that ask for one create no stderr
                // fifo (containerd's Go client), so its path is not opened at all.
                if !stderr.isEmpty && !stdio.terminal {
                    // One fifo for both: a duplicate gives each copy its own descriptor number
                    // (the event loop allows one writer wait per number).
                    if let out, stderr == stdout {
                        err = try setup.own(out.duplicated())
                    } else {
                        err = try setup.own(FileDescriptor.openOutput(stderr))
                    }
                }
                try setup.routeOutputs(stdout: out, stderr: err, terminal: stdio.terminal)
            case .file(_, let path):
                let out = try setup.own(FileDescriptor.openLogFile(path))
                let err = try setup.own(out.duplicated())
                try setup.routeOutputs(stdout: out, stderr: err, terminal: stdio.terminal)
            case .binary(_, let path, let arguments):
                let (logger, outputs) = try await BinaryLogger.start(
                    path: path, arguments: arguments, containerID: containerID, namespace: namespace,
                    launcher: launcher, terminationTimeout: loggerTerminationTimeout)
                setup.logger = logger
                if stdio.terminal {
                    setup.state.consoleOutput = setup.own(outputs.stdout)
                    outputs.stderr.close()  // a terminal has one output stream
                    // The console copy writes it through the event loop: it must not block.
                    try outputs.stdout.setNonBlocking()
                } else {
                    setup.owned += [outputs.stdout, outputs.stderr]
                    setup.state.childStdout = outputs.stdout
                    setup.state.childStderr = outputs.stderr
                }
            }
            if ioUID != 0 || ioGID != 0 {
                for fd in [setup.state.childStdin, setup.state.childStdout, setup.state.childStderr] {
                    try fd?.changeOwner(uid: ioUID, gid: ioGID)
                }
            }
        } catch {
            await setup.abandon()
            throw error
        }
        return ProcessIO(spec: spec, terminal: stdio.terminal, state: setup.start())
    }

    /// The descriptors opened so far; the copies start only once everything opened.
    private struct Setup {
        var state = State()
        var logger: BinaryLogger?
        var owned: [FileDescriptor] = []
        /// Copies to start: (name, source, destination, is output).
        var copies: [(String, FileDescriptor, FileDescriptor, Bool)] = []

        mutating func own(_ fd: FileDescriptor) -> FileDescriptor {
            owned.append(fd)
            return fd
        }

        mutating func openStdin(_ path: String, terminal: Bool) throws(ShimError) {
            guard !path.isEmpty else { return }
            let fifo = try FileDescriptor.openStdinFifo(path)
            owned += [fifo.reader, fifo.closer]
            state.stdinCloser = fifo.closer
            if terminal {
                state.consoleInput = fifo.reader
                return
            }
            let pipe = try FileDescriptor.stdioPipe(shimReads: false)
            owned += [pipe.read, pipe.write]
            state.childStdin = pipe.read
            copies.append(("stdin", fifo.reader, pipe.write, false))
        }

        /// Without a terminal: a pipe per output, copied to its destination. With one: stdout is
        /// the console's destination and stderr is unused.
        mutating func routeOutputs(stdout: FileDescriptor?, stderr: FileDescriptor?, terminal: Bool) throws(ShimError) {
            if terminal {
                state.consoleOutput = stdout
                stderr?.close()
                owned.removeAll { $0 == stderr }
                return
            }
            for (name, destination) in [("stdout", stdout), ("stderr", stderr)] {
                guard let destination else { continue }
                let pipe = try FileDescriptor.stdioPipe(shimReads: true)
                owned += [pipe.read, pipe.write]
                if name == "stdout" { state.childStdout = pipe.write } else { state.childStderr = pipe.write }
                copies.append((name, pipe.read, destination, true))
            }
        }

        /// Undoes a failed setup: closes what was opened, stops a started logger.
        func abandon() async {
            for fd in owned { fd.close() }
            if let logger { await logger.terminate() }
        }

        /// Starts the copies; the returned state owns everything that is not a copier's.
        consuming func start() -> State {
            for (name, source, destination, isOutput) in copies {
                let copier = Copier.start(name, from: source, to: destination)
                if isOutput { state.outputCopiers.append(copier) } else { state.stdinCopier = copier }
            }
            state.logger = logger
            return state
        }
    }
}
