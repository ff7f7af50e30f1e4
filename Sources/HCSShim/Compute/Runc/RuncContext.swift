#if os(Linux)
/// What every object of one runc container shares: its id, namespace, bundle, the configured
/// runtime command and the stdio factory. Immutable.
struct RuncContext: Sendable {
    let containerID: String
    let namespace: String
    let bundle: RuncBundle
    let command: RuncCommand
    let options: RuntimeOptions
    let ioFactory: RuncIOFactory
    /// The container shares a pid namespace: its other processes die only when killed.
    let killAllOnInitExit: Bool

    /// Makes stdio for a process of this container (with containerd's io uid/gid).
    func makeStdio(_ paths: StdioPaths) async throws(ShimError) -> any RuncStdio {
        try await ioFactory.makeStdio(paths, containerID, namespace, options.ioUID, options.ioGID)
    }
}
#endif
