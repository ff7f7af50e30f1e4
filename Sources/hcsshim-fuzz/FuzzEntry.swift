import HCSShim

#if HCSSHIM_FUZZ
/// libFuzzer's entry point. Built only with `-D HCSSHIM_FUZZ` and `-sanitize=fuzzer`
/// (scripts/fuzz.sh); the target comes from `HCSSHIM_FUZZ_TARGET`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzEntry.target.run(bytes)
    return 0
}

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

/// libFuzzer's driver, for programs that keep their own `main` (SwiftPM renames an executable
/// target's entry point, so libFuzzer's own `main` is never linked).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzCallback
) -> Int32

@main
enum FuzzEntry {
    /// Read once: the environment does not change during a run.
    static let target = FuzzTarget.selected

    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
        ShimProcess.exit(status)
    }
}
#else
/// Without the fuzzer flags this executable only explains how to build it, so the default
/// `swift build` stays free of sanitizer requirements.
@main
enum FuzzEntry {
    static func main() {
        ShimProcess.write(Array("hcsshim-fuzz: build with scripts/fuzz.sh (-sanitize=fuzzer -D HCSSHIM_FUZZ)\n".utf8), to: 2)
    }
}
#endif
