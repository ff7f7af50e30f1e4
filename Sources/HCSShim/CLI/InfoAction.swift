/// `-info` (containerd 2.x): a packed `containerd.types.RuntimeInfo` on stdout describing the
/// shim. stdin may carry runtime options; they change nothing here.
enum InfoAction {
    static func run() -> [UInt8] {
        _ = ShimProcess.readAll(from: 0)
        return RuntimeInfo(
            name: ShimVersion.runtimeName,
            version: RuntimeVersion(version: ShimVersion.version, revision: ""),
            annotations: [:]
        ).packed()
    }
}
