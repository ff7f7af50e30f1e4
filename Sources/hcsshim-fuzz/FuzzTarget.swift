#if HCSSHIM_FUZZ
// Internal decoders (FrameCodec, StdioSpec, JSONValue) need a testable import, which only the
// debug fuzz build provides; without HCSSHIM_FUZZ this file is empty, so release builds work.
@testable import HCSShim

/// One decoder the fuzzer drives. Every entry takes untrusted bytes exactly as they arrive
/// from a client (a socket, containerd's stdin, a bundle file, argv) and must either decode
/// them or throw `ShimError`; a trap, an overflow or an unbounded allocation is a finding.
enum FuzzTarget: String, CaseIterable {
    /// ttrpc frames: the codec fed in arbitrary read-sized chunks, each frame's data then
    /// unpacked as a `TTRPCRequest` the way the server does.
    case frame
    /// Every request message of the Task API and its peers; the first byte picks the type.
    case wire
    /// `config.json` (`OCISpec`) and an exec's process JSON (`OCIProcess`, `JSONValue`).
    case oci
    /// containerd's stdio strings: fifo paths, `file://` and `binary://` URIs.
    case stdio
    /// The shim's command line, NUL-separated words.
    case args
    /// A runtime config file (`binary_name = "crun"` ...).
    case runtimeconfig

    /// The target named by `HCSSHIM_FUZZ_TARGET` (`frame` when unset or unknown).
    static var selected: FuzzTarget {
        guard let name = ShimProcess.environment("HCSSHIM_FUZZ_TARGET"), let target = FuzzTarget(rawValue: name) else {
            return .frame
        }
        return target
    }

    func run(_ bytes: [UInt8]) {
        switch self {
        case .frame: Self.frames(bytes)
        case .wire: Self.wire(bytes)
        case .oci: Self.oci(bytes)
        case .stdio: Self.stdio(bytes)
        case .args: _ = try? ShimArguments(parsing: Self.words(bytes, separator: 0))
        case .runtimeconfig: _ = try? RuntimeConfigFile.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func frames(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        // The first byte sets the chunk size so read boundaries vary independently of frames.
        let chunk = Int(first % 31) + 1
        var codec = FrameCodec()
        var offset = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            codec.append(bytes[offset..<end])
            offset = end
            while let event = codec.next() {
                if case let .frame(frame) = event {
                    _ = try? TTRPCRequest(unpacking: frame.data)
                    _ = try? TTRPCResponse(unpacking: frame.data)
                }
            }
        }
    }

    private static func oci(_ bytes: [UInt8]) {
        _ = try? OCISpec.decode(bytes)
        _ = try? OCIProcess.decode(bytes)
        if var process = try? JSONValue.decode(bytes, what: "fuzz") {
            // The exec path edits `terminal` in place and re-encodes.
            process["terminal"] = .bool(true)
            _ = process.encoded
        }
    }

    private static func stdio(_ bytes: [UInt8]) {
        let parts = words(bytes, separator: 0)
        func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
        let paths = StdioPaths(stdin: part(0), stdout: part(1), stderr: part(2), terminal: bytes.first.map { $0 & 1 == 1 } ?? false)
        _ = try? StdioSpec(paths)
        _ = try? StdioURI(part(1))
    }

    static func words(_ bytes: [UInt8], separator: UInt8) -> [String] {
        bytes.split(separator: separator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
#endif
