/// The shim's socket naming rule, shared with containerd's runc-v2 shim so grouping and
/// stale-socket cleanup behave the same: `unix:///run/containerd/s/<hex(sha256(Join(address,
/// namespace, group)))>`, where `group` is the bundle's grouping annotation or the task id.
enum SocketAddress {
    static let directory = "/run/containerd/s"
    static let groupAnnotations = ["io.containerd.runc.v2.group", "io.kubernetes.cri.sandbox-id"]

    /// The socket path (no scheme) for containerd at `address`, `namespace` and `group`.
    static func path(containerdAddress address: String, namespace: String, group: String) -> String {
        let joined = cleanJoin([address, namespace, group])
        return "\(directory)/\(SHA256.hexDigest(joined))"
    }

    /// The grouping key: the first grouping annotation present, else the task id.
    static func group(annotations: [String: String], id: String) -> String {
        for key in groupAnnotations { if let value = annotations[key], !value.isEmpty { return value } }
        return id
    }

    /// Go's `filepath.Join`: joins with `/`, then cleans (collapses `//`, resolves `.` and
    /// `..`, drops a trailing `/`), so the hash matches the one containerd's shims compute.
    static func cleanJoin(_ parts: [String]) -> String {
        let joined = parts.filter { !$0.isEmpty }.joined(separator: "/")
        guard !joined.isEmpty else { return "" }
        let rooted = joined.hasPrefix("/")
        var stack: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = stack.last, last != ".." { stack.removeLast() } else if !rooted { stack.append(part) }
                continue
            }
            stack.append(part)
        }
        let body = stack.joined(separator: "/")
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }
}
