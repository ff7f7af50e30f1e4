/// `start`: creates (or finds) the shim's socket, spawns the serving daemon with the listener
/// as fd 3, and returns what to print — the plain address, or the gRPC JSON bootstrap when
/// `HCSSHIM_SHIM_PROTOCOL=grpc` and containerd is 1.7+ (`BootstrapReply`) — the whole
/// contract containerd's `CombinedOutput` reads.
///
/// Nothing but the address is written to stdout, and nothing at all to stderr (containerd
/// merges the two). The daemon gets /dev/null for 0–2 so it holds no end of containerd's
/// pipe, a new process group (containerd's `Setpgid`), and the bundle as its cwd. A second
/// task of the same group finds the socket live and only prints its address.
enum StartAction {
    static func run(_ arguments: ShimArguments) async throws(ShimError) -> String {
        try Identifier.validate(arguments.namespace, "namespace")
        try Identifier.validate(arguments.id, "task id")
        let bundle = try ShimProcess.currentDirectory()
        // stdin carries runtime options (an Any, or 2.3's BootstrapParams); read it whole so
        // the writer never blocks. Only the shim cgroup is used here; Create gets the rest.
        let input = BootstrapInput(stdin: ShimProcess.readAll(from: 0), namespace: arguments.namespace, id: arguments.id)
        let annotations = (try? OCISpec.load(bundle: bundle))?.annotations ?? [:]
        let group = SocketAddress.group(annotations: annotations, id: arguments.id)
        let path = SocketAddress.path(containerdAddress: arguments.address, namespace: arguments.namespace, group: group)
        let address = "unix://" + path
        let reply = await bootstrapReply(arguments, input: input, socketPath: path)

        try Files.makeDirectories(SocketAddress.directory, mode: 0o700)
        if Files.exists(path) {
            if let probe = try? Socket.connect(path: path) {
                // A live shim of the same group serves this task too.
                Socket.close(probe)
                try writeAddressFile(address, bundle: bundle)
                return reply.output
            }
            Socket.unlink(path: path)  // stale: its shim is gone
        }
        let listener = try Socket.listen(path: path)
        defer { Socket.close(listener) }
        do {
            try writeAddressFile(address, bundle: bundle)
            let daemon = try spawnDaemon(arguments, listener: listener, bundle: bundle)
            if let score = ShimProcess.oomScoreAdjust(of: ShimProcess.parentPID) {
                ShimProcess.setOOMScoreAdjust(of: daemon, to: min(score + 1, 1000))
            }
            input.placeInShimCgroup(daemon)
        } catch {
            Socket.unlink(path: path)
            throw error
        }
        return reply.output
    }

    /// The handshake for the protocol `HCSSHIM_SHIM_PROTOCOL` asks for. The `address` file
    /// always holds the `unix://` form: containerd 1.6/1.7 reconnect through it over ttrpc
    /// after a restart, which the same socket serves.
    static func bootstrapReply(_ arguments: ShimArguments, input: BootstrapInput, socketPath: String) async -> BootstrapReply {
        let requested = ShimProtocol(setting: ShimProcess.environment(ShimProtocol.environmentKey))
        var generation: ContainerdGeneration?
        if requested == .grpc {
            generation = await ContainerdGeneration.detect(
                params: input.params, grpcAddress: ShimProcess.environment("GRPC_ADDRESS"),
                publishBinary: arguments.publishBinary
            ) { binary in
                guard let output = try? await ProcessSpawner.run([binary, "--version"]), output.status.code == 0 else { return nil }
                return String(decoding: output.stdout, as: UTF8.self)
            }
        }
        return BootstrapReply(requested: requested, generation: generation, socketPath: socketPath)
    }

    /// containerd 1.6 reads `address` on restart to reconnect; written atomically, no newline.
    static func writeAddressFile(_ address: String, bundle: String) throws(ShimError) {
        try Files.writeAtomically(bundle + "/address", Array(address.utf8), mode: 0o644)
    }

    private static func spawnDaemon(_ arguments: ShimArguments, listener: Int32, bundle: String) throws(ShimError) -> Int32 {
        var argv = [
            try ShimProcess.executablePath(), "-namespace", arguments.namespace, "-id", arguments.id,
            "-address", arguments.address,
        ]
        if arguments.debug { argv.append("-debug") }
        return try ProcessSpawner.spawn(
            argv, extraFiles: [FileDescriptor(rawValue: listener)], workingDirectory: bundle, newProcessGroup: true)
    }
}
