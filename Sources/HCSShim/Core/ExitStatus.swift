/// How a process ended, as containerd reports it: `code` is the exit code, or 128 + signal
/// for a process killed by a signal (the shell convention runc-v2 uses).
public struct ExitStatus: Sendable, Equatable, CustomStringConvertible {
    public var code: UInt32
    /// Wall-clock time of the exit, in nanoseconds since the Unix epoch.
    public var exitedAt: Timestamp

    public init(code: UInt32, exitedAt: Timestamp) {
        self.code = code
        self.exitedAt = exitedAt
    }

    /// The status of a process that exited normally with `exitCode`.
    public static func exited(_ exitCode: Int32, at time: Timestamp = .now()) -> ExitStatus {
        ExitStatus(code: UInt32(truncatingIfNeeded: exitCode), exitedAt: time)
    }

    /// The status of a process killed by `signal`: 128 + signal.
    public static func signaled(_ signal: Int32, at time: Timestamp = .now()) -> ExitStatus {
        ExitStatus(code: 128 + UInt32(truncatingIfNeeded: signal), exitedAt: time)
    }

    public var description: String { "exit status \(code)" }
}
