// swift-tools-version:6.1
// HCSShim: a containerd shim (runtime io.containerd.hcs.v1) in Swift.
//
// C is fenced into three small targets: `Proto` (protobuf-c output, linked against
// Debian's libprotobuf-c), `CGRPC` (a narrow facade over Debian's gRPC C core) and
// `CSystem` (the syscalls Swift cannot call directly: variadic prctl/ioctl, CMSG).
// protobuf-c is linked by name; the gRPC core is not linked at all but opened on first use.
import PackageDescription

// How the release shim is linked; every flag is measured in docs/benchmarks.md.
// - The Swift runtime linked in, and libstdc++ too: `Link/libstdc++.so` is a linker script
//   naming the static archive, found first on the search path. (Foundation is not used.)
// - Non-PIE, so the runtime's relocated data stays clean file pages shared between shims; no
//   dynamic symbol table (nothing resolves symbols in the shim).
// - lld with `Link/symbol-order.txt` (scripts/gen-symbol-order.sh): the functions a shim runs,
//   placed together, so an idle shim maps a compact run of text pages.
// HCSSHIM_KEEP_SYMBOLS=1 keeps the symbol table, for profiling.
let linkFiles = Context.packageDirectory + "/Sources/containerd-shim-hcs-v1/Link"
let releaseLinkFlags = [
    "-static-stdlib", "-L" + linkFiles,
    "-Xclang-linker", "-no-pie", "-use-ld=lld", "-Xlinker", "--no-export-dynamic",
    "-Xlinker", "--symbol-ordering-file=" + linkFiles + "/symbol-order.txt",
    "-Xlinker", "--no-warn-symbol-ordering",
] + (Context.environment["HCSSHIM_KEEP_SYMBOLS"] == "1" ? [] : ["-Xlinker", "--strip-all"])

let package = Package(
    name: "HCSShim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "containerd-shim-hcs-v1", targets: ["containerd-shim-hcs-v1"]),
        .executable(name: "hcsshimctl", targets: ["hcsshimctl"]),
        .library(name: "HCSShim", targets: ["HCSShim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "Proto",
            path: "Sources/Proto",
            cSettings: [.unsafeFlags(["-w"])],
            linkerSettings: [.linkedLibrary("protobuf-c")]
        ),
        .target(
            name: "CGRPC",
            path: "Sources/CGRPC"
            // libgrpc is opened with dlopen on first use, not linked (Sources/CGRPC/core.h).
        ),
        .target(name: "CSystem", path: "Sources/CSystem"),
        .target(
            name: "HCSShim",
            dependencies: ["Proto", "CGRPC", "CSystem"],
            path: "Sources/HCSShim",
            exclude: ["Compute/HCS/Windows/README.md", "Transport/TTRPC/PROTOCOL.md"],
            // One section per function, so the release link can order them (releaseLinkFlags).
            swiftSettings: [.unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "containerd-shim-hcs-v1",
            dependencies: ["HCSShim"],
            path: "Sources/containerd-shim-hcs-v1",
            exclude: ["Link"],
            linkerSettings: [.unsafeFlags(releaseLinkFlags, .when(configuration: .release))]
        ),
        .executableTarget(
            name: "hcsshimctl",
            dependencies: [
                "HCSShim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/hcsshimctl"
        ),
        // libFuzzer harness over the decoders; its entry point is compiled only with
        // `-D HCSSHIM_FUZZ -sanitize=fuzzer` (scripts/fuzz.sh), so normal builds stay plain.
        .executableTarget(
            name: "hcsshim-fuzz",
            dependencies: ["HCSShim"],
            path: "Sources/hcsshim-fuzz"
        ),
        .testTarget(
            name: "HCSShimTests",
            dependencies: ["HCSShim"],
            path: "Tests/HCSShimTests",
            // Example OCI bundles, read from the source tree by the HCS tests.
            exclude: ["HCS/Fixtures"]
        ),
    ]
)
