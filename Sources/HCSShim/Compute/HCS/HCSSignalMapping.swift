/// A Windows console control event that `HcsSignalProcess` delivers (RS5, build 17763, and later).
public enum HCSCtrlEvent: String, Sendable, CaseIterable {
    case ctrlC = "CtrlC"
    case ctrlBreak = "CtrlBreak"
    case ctrlClose = "CtrlClose"
    case ctrlLogOff = "CtrlLogOff"
    case ctrlShutdown = "CtrlShutdown"
}

/// What a Task `Kill` signal does to a Windows container, which has no POSIX signals.
public enum HCSSignalAction: Sendable, Equatable {
    /// Terminate the whole compute system (the seed's SIGKILL).
    case terminateSystem
    /// Terminate the init process, then shut the system down (the seed's other signals).
    case terminateProcessAndShutdownSystem
    /// Terminate one process.
    case terminateProcess
    /// Deliver a console control event to the process.
    case ctrlEvent(HCSCtrlEvent)
}

/// The signal table: the seed's semantics, with the Ctrl-event mapping runhcs uses where the
/// host supports `HcsSignalProcess` (hcs-and-peers §4.4).
///
/// | signal | host with signal support | host without |
/// |---|---|---|
/// | 9 SIGKILL | init: terminate system; exec: terminate process | same |
/// | 0 | CtrlC | init: terminate + shutdown; exec: invalid |
/// | 1 SIGHUP | CtrlBreak | init: terminate + shutdown; exec: invalid |
/// | 2 SIGINT | CtrlClose | init: terminate + shutdown; exec: invalid |
/// | 5 SIGTRAP | CtrlLogOff | init: terminate + shutdown; exec: invalid |
/// | 6 SIGABRT, 15 SIGTERM | CtrlShutdown | init: terminate + shutdown; exec: terminate process |
/// | other | invalid | init: terminate + shutdown; exec: invalid |
///
/// "Invalid" throws `.failedPrecondition`, as runhcs does. Without signal support the seed
/// stopped the container on any signal, so the init process keeps that behaviour.
public enum HCSSignalMapping {
    /// The first Windows build (RS5, 1809) with `HcsSignalProcess`.
    public static let firstBuildWithSignals: UInt32 = 17763

    public static func action(
        for signal: Int32, isInit: Bool, hostSupportsSignals: Bool
    ) throws(ShimError) -> HCSSignalAction {
        if signal == 9 { return isInit ? .terminateSystem : .terminateProcess }
        if hostSupportsSignals {
            switch signal {
            case 0: return .ctrlEvent(.ctrlC)
            case 1: return .ctrlEvent(.ctrlBreak)
            case 2: return .ctrlEvent(.ctrlClose)
            case 5: return .ctrlEvent(.ctrlLogOff)
            case 6, 15: return .ctrlEvent(.ctrlShutdown)
            default: throw invalid(signal)
            }
        }
        if isInit { return .terminateProcessAndShutdownSystem }
        if signal == 6 || signal == 15 { return .terminateProcess }
        throw invalid(signal)
    }

    private static func invalid(_ signal: Int32) -> ShimError {
        ShimError.failedPrecondition("kill: invalid signal value \(signal) for a Windows container")
    }
}
