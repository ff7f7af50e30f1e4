/// `-info` (containerd 2.x): a packed `containerd.types.RuntimeInfo` on stdout describing the
/// shim and the runtime the options on stdin choose (runc-v2's answer, field for field): the
/// options are echoed back, and `features` holds that runtime's `features` JSON, which
/// containerd 2.x checks before it starts a container with ID-mapped mounts.
///
/// A runtime without a `features` command (crun before 1.9) still gets an answer, without
/// `features`, and one line on stderr saying why; containerd then treats ID-mapped mounts as
/// unsupported, as it does for runc-v2 over such a runtime.
enum InfoAction {
    /// The answer for `stdin` (an options Any, or nothing), and the diagnostic for stderr
    /// when the runtime could not report its features.
    static func run(stdin: [UInt8], backend: any ComputeBackend) async -> (info: RuntimeInfo, diagnostic: String?) {
        let input = BootstrapInput(stdin: stdin, namespace: "", id: "")
        var info = RuntimeInfo(
            name: ShimVersion.runtimeName,
            version: RuntimeVersion(version: ShimVersion.version, revision: ""),
            options: input.options, annotations: [:])
        do {
            info.features = try await backend.runtimeFeatures(options: input.runtimeOptions ?? RuntimeOptions())
        } catch {
            return (info, "\(ShimVersion.name): no runtime features: \(ShimError.classify(error).message)")
        }
        return (info, nil)
    }
}
