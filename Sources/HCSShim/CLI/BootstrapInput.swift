/// What `start` finds on its stdin, which differs by containerd generation:
/// - up to 2.2: the runtime options as a packed `google.protobuf.Any`, or nothing;
/// - 2.3+: a packed `containerd.runtime.bootstrap.v1.BootstrapParams`, the options (if any)
///   in `extensions[0].value`.
///
/// Both start with a string in field 1 (Any's `type_url`, the params' `instance_id`), so
/// either decodes as the other. The params are recognised only when their `instance_id` and
/// `namespace` equal the `-id` and `-namespace` containerd passed on the command line — an
/// Any's `value` bytes never equal the namespace in practice, and a mistaken Any would name
/// the task id as its type. Anything unreadable counts as "no options": stdin is advisory
/// (the same options arrive again in `Create`), so it never fails `start`.
struct BootstrapInput: Equatable {
    /// The runtime options Any, from either form.
    var options: TypedPayload?
    /// containerd 2.3+'s parameters, when stdin carried them.
    var params: BootstrapParams?

    init(options: TypedPayload? = nil, params: BootstrapParams? = nil) {
        self.options = options
        self.params = params
    }

    init(stdin bytes: [UInt8], namespace: String, id: String) {
        guard !bytes.isEmpty else { return }
        if let params = try? BootstrapParams(unpacking: bytes), !params.namespace.isEmpty,
            params.namespace == namespace, params.instanceID == id {
            self.params = params
            options = params.extensions.lazy.compactMap(\.value).first
            return
        }
        if let any = try? TypedPayload(unpacking: bytes), !any.typeURL.isEmpty, any.typeURL != id {
            options = any
        }
    }

    /// The runc-shaped options stdin carried: `containerd.runc.v1.Options`, the Go client's
    /// `containerd.linux.runc.CreateOptions`, or the runtime config file (or body) named by
    /// `runtimeoptions.v1.Options`; nil when none or unreadable.
    var runtimeOptions: RuntimeOptions? {
        guard let options else { return nil }
        if let runcShaped = try? options.runcShapedOptions() { return runcShaped }
        if options.holds(GenericRuntimeOptions.self), let generic = try? GenericRuntimeOptions(unpacking: options.value),
            !generic.configPath.isEmpty || !generic.configBody.isEmpty {
            return try? RuntimeConfigFile.load(path: generic.configPath, body: generic.configBody, base: RuntimeOptions())
        }
        return nil
    }

    /// The shim cgroup the options ask for; empty when none.
    var shimCgroup: String { runtimeOptions?.shimCgroup ?? "" }
}

extension BootstrapInput {
    /// Moves the daemon into the options' `shim_cgroup` (a path relative to the cgroup root),
    /// as runc-v2 does. Best effort: cgroup v2, else each v1 hierarchy that has the path; no
    /// cgroup asked for, or a missing one, leaves the daemon where it is.
    func placeInShimCgroup(_ pid: Int32) {
        let cgroup = shimCgroup
        guard !cgroup.isEmpty else { return }
        let relative = cgroup.hasPrefix("/") ? cgroup : "/" + cgroup
        if Files.exists("/sys/fs/cgroup/cgroup.controllers") {
            try? Files.writeText("/sys/fs/cgroup\(relative)/cgroup.procs", "\(pid)")
            return
        }
        for hierarchy in ["cpu,cpuacct", "memory", "pids", "blkio", "cpuset", "devices", "freezer", "systemd", "unified"] {
            let procs = "/sys/fs/cgroup/\(hierarchy)\(relative)/cgroup.procs"
            if Files.exists(procs) { try? Files.writeText(procs, "\(pid)") }
        }
    }
}
