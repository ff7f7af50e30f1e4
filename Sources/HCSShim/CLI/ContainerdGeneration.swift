/// Which containerd release line spawned the shim, as far as `start` can tell — it decides
/// the gRPC handshake, since 1.7 and 2.x pass identical flags and environment
/// (`MAX_SHIM_VERSION` is `2` in both).
///
/// Evidence, in order: the `containerd_version` of 2.3's `BootstrapParams`; no `GRPC_ADDRESS`
/// in the environment means 1.6 (1.7 added it); otherwise the version line of
/// `<-publish-binary> --version` (containerd's own executable, which prints e.g.
/// `containerd github.com/containerd/containerd/v2 2.1.9 …` and exits).
struct ContainerdGeneration: Equatable, Comparable {
    var major: Int
    var minor: Int

    /// The version a gRPC shim must announce: 2 for 1.7 (which rejects more), 3 for 2.x
    /// (which requires it for gRPC); nil before 1.7, which cannot use a gRPC shim.
    var grpcShimVersion: Int? {
        if major >= 2 { return 3 }
        if major == 1 && minor >= 7 { return 2 }
        return nil
    }

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }

    /// Reads `1.7.24~ds1`, `v2.3.0`, `2.1.9+unknown`: the first two numbers of a dotted version.
    init?(version text: String) {
        var body = Substring(text)
        if body.first == "v" { body = body.dropFirst() }
        let numbers = body.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard numbers.count >= 2, let major = Int(numbers[0]) else { return nil }
        let minorDigits = numbers[1].prefix { $0.isASCII && $0.isNumber }
        guard let minor = Int(minorDigits) else { return nil }
        self.major = major
        self.minor = minor
    }

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The version in `containerd --version` output: the first word after the program name
    /// and module path that reads as a version.
    init?(versionOutput output: String) {
        let words = output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        for word in words.dropFirst() {
            if let generation = ContainerdGeneration(version: String(word)) {
                self = generation
                return
            }
        }
        return nil
    }

    /// Decides from the evidence `start` has. `probe` runs `<binary> --version` and returns
    /// its stdout, or nil if it could not run; it is called only when nothing cheaper decides.
    static func detect(
        params: BootstrapParams?, grpcAddress: String?, publishBinary: String,
        probe: (String) async -> String?
    ) async -> ContainerdGeneration? {
        if let params, let generation = ContainerdGeneration(version: params.containerdVersion) {
            return generation
        }
        guard let grpcAddress, !grpcAddress.isEmpty else { return ContainerdGeneration(major: 1, minor: 6) }
        guard publishBinary.hasPrefix("/"), let output = await probe(publishBinary) else { return nil }
        return ContainerdGeneration(versionOutput: output)
    }
}
