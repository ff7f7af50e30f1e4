/// The terminal case (runc-v2 `platform.CopyConsole`): copying between the client's fifos and
/// the pty master that the runtime sent through the console socket.
extension ProcessIO {
    /// Adopts `master` (this object now owns it) and starts copying: stdin fifo → master and
    /// master → stdout (fifo, file or logger). Output nobody asked for is drained into
    /// /dev/null so the process never blocks on a full pty. The output copy ends when the
    /// master reports EIO/hang-up, i.e. once every holder of the slave side has exited.
    ///
    /// Throws `.failedPrecondition` without a terminal, after `close()` or for a second master
    /// (the master is closed in every failure case).
    func attachConsole(master: FileDescriptor) throws(ShimError) {
        do throws(ShimError) {
            guard terminal else {
                throw ShimError(.failedPrecondition, "attach console: the process has no terminal")
            }
            try master.setNonBlocking()
            // Each copy gets its own descriptor number: the event loop keys waits by number.
            let reading = try master.duplicated()
            let writing: FileDescriptor
            do throws(ShimError) { writing = try master.duplicated() } catch { reading.close(); throw error }
            try state.withLock { state throws(ShimError) in
                guard !state.closed, state.master == nil else {
                    reading.close()
                    writing.close()
                    throw ShimError(.failedPrecondition, "attach console: closed or already attached")
                }
                let output: FileDescriptor
                if let destination = state.consoleOutput {
                    output = destination
                } else {
                    do throws(ShimError) { output = try FileDescriptor.openNullSink() } catch {
                        reading.close()
                        writing.close()
                        throw error
                    }
                }
                state.master = master
                state.consoleOutput = nil
                state.outputCopiers.append(Copier.start("console", from: reading, to: output))
                if let input = state.consoleInput {
                    state.consoleInput = nil
                    // On stdin EOF only this copy ends: hanging up the pty would cut the output.
                    state.stdinCopier = Copier.start("console-stdin", from: input, to: writing)
                } else {
                    writing.close()
                }
            }
        } catch {
            master.close()
            throw error
        }
    }
}
