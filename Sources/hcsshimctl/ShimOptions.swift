import ArgumentParser
import HCSShim

/// How to find the shim and how to print: shared by every command that talks to a shim.
struct ShimOptions: ParsableArguments {
    @Option(help: "The shim's socket (a path, or unix://PATH). Overrides --address/--namespace.")
    var socket: String?

    @Option(help: "containerd's gRPC socket, used to derive the shim's socket name.")
    var address = "/run/containerd/containerd.sock"

    @Option(name: [.short, .long], help: "The containerd namespace.")
    var namespace = "default"

    @Option(help: "The task (container) id.")
    var id: String

    @Option(help: "Per-call deadline in seconds.")
    var timeout: Int64 = 10

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    var socketPath: String {
        if let socket { return socket.hasPrefix("unix://") ? String(socket.dropFirst("unix://".count)) : socket }
        return ShimClient.socketPath(containerdAddress: address, namespace: namespace, id: id)
    }

    func client() throws -> ShimClient {
        try ShimClient(socketPath: socketPath, namespace: namespace, timeoutNanos: timeout * 1_000_000_000)
    }

    /// Prints the JSON form with --json, the table otherwise.
    func emit(_ json: JSONValue, _ table: TextTable) {
        print(self.json ? TextTable.json(json) : table.text, terminator: "")
    }
}

/// `socket`: prints the socket path the other commands would use, without connecting.
struct SocketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket", abstract: "Print the shim socket path for --address/--namespace/--id.")

    @OptionGroup var shim: ShimOptions

    func run() {
        print(shim.socketPath)
    }
}
