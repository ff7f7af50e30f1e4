#if os(Linux)
/// Creates one runc container (runc-v2's `Create`): records the runtime choice, mounts the
/// rootfs, runs `runc create` with the init's stdio (or a console socket), reads `init.pid`.
/// On any failure everything done so far is undone: stdio closed, runtime state force-deleted,
/// rootfs unmounted.
struct RuncContainerFactory {
    let spec: ContainerSpec
    let ioFactory: RuncIOFactory

    func create() async throws(ShimError) -> RuncContainer {
        guard !spec.id.isEmpty, !spec.bundle.isEmpty else {
            throw .invalidArgument("create: container id and bundle are required")
        }
        let bundle = RuncBundle(path: spec.bundle)
        let config = try bundle.readConfig()
        let command = RuncBackend.command(options: spec.options, namespace: spec.namespace, bundle: bundle)
        try bundle.writeOptions(.init(
            binaryName: command.binary, root: command.root, systemdCgroup: command.systemdCgroup,
            criuPath: command.criuPath))
        let context = RuncContext(
            containerID: spec.id, namespace: spec.namespace, bundle: bundle, command: command,
            options: spec.options, ioFactory: ioFactory, killAllOnInitExit: config.killAllOnInitExit)

        let mounted = try mountRootfs(bundle)
        do {
            let initProcess = try await makeInit(context)
            let container = RuncContainer(
                context: context, initProcess: initProcess,
                killAllOnInitExit: context.killAllOnInitExit, mountedRootfs: mounted)
            if initProcess.pid > 0 { container.watchOOM(pid: initProcess.pid) }
            return container
        } catch {
            if mounted { try? Mount.unmountAll(bundle.rootfsPath) }
            throw error
        }
    }

    /// Mounts each rootfs mount in order onto `<bundle>/rootfs` (created 0711). Returns
    /// whether anything was mounted; on failure unmounts what was.
    private func mountRootfs(_ bundle: RuncBundle) throws(ShimError) -> Bool {
        guard !spec.rootfs.isEmpty else { return false }
        try Files.makeDirectory(bundle.rootfsPath, mode: 0o711)
        do {
            for mount in spec.rootfs { try Mount.mount(mount, on: bundle.rootfsPath) }
        } catch {
            try? Mount.unmountAll(bundle.rootfsPath)
            throw error
        }
        return true
    }

    private func makeInit(_ context: RuncContext) async throws(ShimError) -> RuncProcess {
        if !spec.checkpoint.isEmpty {
            // Restore happens on start (runc-v2 does the same): nothing runs yet.
            let checkpoint = RuncOperation.CheckpointArguments(
                imagePath: spec.checkpoint,
                workPath: spec.options.criuWorkPath.isEmpty ? context.bundle.path + "/criu-work" : spec.options.criuWorkPath,
                parentPath: spec.parentCheckpoint)
            return RuncProcess(id: spec.id, kind: .restore(spec.stdio, checkpoint), context: context)
        }
        let bundle = context.bundle
        let stdio = try await context.makeStdio(spec.stdio)
        var console: (any RuncConsoleSocket)?
        do throws(ShimError) {
            if spec.stdio.terminal { console = try ioFactory.makeConsoleSocket() }
            defer { console?.close() }
            try await context.command.run(
                .create(id: spec.id, bundle: bundle.path, pidFile: bundle.initPidFile, consoleSocket: console?.path,
                        noPivot: spec.options.noPivotRoot, noNewKeyring: spec.options.noNewKeyring),
                stdin: stdio.childStdin, stdout: stdio.childStdout, stderr: stdio.childStderr)
            do throws(ShimError) {
                if let console { try stdio.attachConsole(master: try await console.receiveMaster()) }
                stdio.closeChildEnds()
                let pid = try RuncBundle.readPid(bundle.initPidFile)
                let process = RuncProcess(id: spec.id, kind: .initial, context: context, stdio: stdio)
                process.monitor(pid: pid)
                return process
            } catch {
                _ = try? await context.command.run(.delete(id: spec.id, force: true))
                throw error
            }
        } catch {
            stdio.close()
            throw error
        }
    }
}
#endif
