import ArgumentParser

/// `hcsshimctl`: talks to one running containerd-shim-hcs-v1 over gRPC on its socket, for
/// debugging. Everything it does goes through `ShimClient`; this target only parses and prints.
@main
struct HCSShimCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hcsshimctl",
        abstract: "Inspect and drive a running containerd-shim-hcs-v1 over gRPC.",
        discussion: """
            Find the shim by --socket PATH, or by --address (containerd's socket), --namespace and --id, \
            the way containerd names shim sockets: /run/containerd/s/<sha256(address/namespace/id)>. \
            Add --json for machine-readable output.
            """,
        subcommands: [
            StateCommand.self, PidsCommand.self, ExecCommand.self, KillCommand.self, StatsCommand.self,
            EventsCommand.self, HCSDocumentCommand.self, SocketCommand.self,
        ])
}
