/// The shim's identity, printed by `-v` and returned by `Connect` and `-info`.
public enum ShimVersion {
    public static let name = "containerd-shim-hcs-v1"
    public static let runtimeName = "io.containerd.hcs.v1"
    public static let version = "0.1.0"
}
