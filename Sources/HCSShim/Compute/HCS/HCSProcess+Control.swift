extension HCSProcess {
    /// Delivers a Task `Kill` signal as `HCSSignalMapping` decides.
    ///
    /// A process killed before it started exits with status 1 without an HCS call (as runhcs
    /// does); for the init process the not-yet-started system is terminated with it. Throws
    /// `.notFound` once the process has exited (or HCS says so), `.failedPrecondition` for a
    /// signal Windows cannot express or while the process is being started.
    public func signal(_ signal: Int32) async throws {
        let action = try HCSSignalMapping.action(
            for: signal, isInit: role == .initProcess, hostSupportsSignals: system.api.supportsSignals)
        switch lifecycle {
        case .exited:
            throw ShimError.notFound("kill \(id): the process has already exited")
        case .starting:
            throw ShimError.failedPrecondition("kill \(id): the process is being started")
        case .created:
            if role == .initProcess { try await system.terminate() }
            finish(.exited(1))
        case .running:
            guard let handle = runningHandle else {
                throw ShimError.notFound("kill \(id): the process has already exited")
            }
            try await perform(action, on: handle)
        }
    }

    private func perform(_ action: HCSSignalAction, on handle: HCSProcessHandle) async throws(ShimError) {
        switch action {
        case .terminateSystem:
            try await system.terminate()
        case .terminateProcessAndShutdownSystem:
            // The seed ignored a failed terminate: the shutdown that follows stops the process too.
            try? await system.api.terminateProcess(handle)
            try await system.stop(shutdownTimeoutMilliseconds: HCSTimeout.infinite)
        case .terminateProcess:
            do {
                try await system.api.terminateProcess(handle)
            } catch {
                throw killError(error)
            }
        case .ctrlEvent(let event):
            do {
                try await system.api.signalProcess(handle, options: HCSRequests.signal(event).text)
            } catch {
                throw killError(error)
            }
        }
    }

    /// A failed kill: a process that is gone, stopped, in a state that cannot take the signal,
    /// or whose terminate is refused because it has exited (access denied) has finished.
    private func killError(_ error: HCSCallError) -> ShimError {
        switch error.errorClass {
        case .notFound, .alreadyStopped, .invalidState, .accessDenied:
            ShimError.notFound("kill \(id): the process has already finished (\(error))")
        case .pending, .notSupported, .timeout, .other:
            error.shimError
        }
    }

    /// Resizes the emulated console (`HcsModifyProcess` ConsoleSize, height first as in the
    /// seed's `ResizeConsoleInComputeSystem`). A no-op without a console, before the process
    /// runs or after it has gone.
    public func resize(_ size: ConsoleSize) async throws {
        guard parameters.emulateConsole, let handle = runningHandle else { return }
        do {
            try await system.api.modifyProcess(handle, request: HCSRequests.resizeConsole(size).text)
        } catch {
            try rethrowUnlessGone(error)
        }
    }

    /// Closes the process's stdin (`HcsModifyProcess` CloseHandle StdIn). Idempotent: a process
    /// not running or gone is not an error.
    public func closeStdin() async throws {
        guard parameters.createStdInPipe, let handle = runningHandle else { return }
        do {
            try await system.api.modifyProcess(handle, request: HCSRequests.closeStdin.text)
        } catch {
            try rethrowUnlessGone(error)
        }
    }

    private func rethrowUnlessGone(_ error: HCSCallError) throws(ShimError) {
        switch error.errorClass {
        case .notFound, .alreadyStopped, .invalidState: return
        case .pending, .notSupported, .accessDenied, .timeout, .other: throw error.shimError
        }
    }
}
