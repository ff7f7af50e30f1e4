/// An open compute-system handle (`HCS_SYSTEM`), owned by whoever opened or created it and
/// released with `closeComputeSystem`.
public struct HCSSystemHandle: Hashable, Sendable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }
}

/// An open process handle (`HCS_PROCESS`), released with `closeProcess`.
public struct HCSProcessHandle: Hashable, Sendable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }
}

/// A process `createProcess` started: its handle and its pid inside the container.
public struct HCSCreatedProcess: Sendable, Equatable {
    public var handle: HCSProcessHandle
    public var pid: UInt32

    public init(handle: HCSProcessHandle, pid: UInt32) {
        self.handle = handle
        self.pid = pid
    }
}

/// The `vmcompute.dll` calls the HCS backend makes: the line where the platform-neutral port
/// stops. `Windows/VMCompute.swift` binds it on Windows; tests use a recording fake.
///
/// Contract for implementations:
/// - Failures throw `HCSCallError` with the normalised `HRESULT` (`HRESULT.failure(returned:)`)
///   and HCS's result document as the detail.
/// - The asynchronous HCS operations (create, start, shutdown, terminate) return when HCS has
///   completed them: an implementation that gets "operation pending" waits for the completion
///   notification, up to `timeoutMilliseconds` where a timeout is given (`UInt32.max` = forever),
///   and throws `HRESULT.operationTimeout` past it.
/// - Every call may be made from any task; implementations are thread-safe.
public protocol HCSAPI: Sendable {
    /// The host's Windows build number (17763 = RS5); 0 when unknown.
    var hostBuild: UInt32 { get }

    /// `HcsCreateComputeSystem(id, configuration)`; the system is created, not started.
    func createComputeSystem(id: String, configuration: String) async throws(HCSCallError) -> HCSSystemHandle
    /// `HcsOpenComputeSystem(id)`.
    func openComputeSystem(id: String) async throws(HCSCallError) -> HCSSystemHandle
    /// `HcsStartComputeSystem`.
    func startComputeSystem(_ system: HCSSystemHandle) async throws(HCSCallError)
    /// `HcsShutdownComputeSystem`: a graceful stop.
    func shutdownComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError)
    /// `HcsTerminateComputeSystem`: a forced stop.
    func terminateComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError)
    /// `HcsCloseComputeSystem`; the handle is invalid afterwards.
    func closeComputeSystem(_ system: HCSSystemHandle)
    /// `HcsGetComputeSystemProperties(query)`: the properties document.
    func computeSystemProperties(_ system: HCSSystemHandle, query: String) async throws(HCSCallError) -> String

    /// `HcsCreateProcess(parameters)`. The implementation owns the std handles HCS returns and
    /// relays them to `stdio` (containerd's pipe names); it closes them when the process is closed.
    func createProcess(
        _ system: HCSSystemHandle, parameters: String, stdio: StdioPaths
    ) async throws(HCSCallError) -> HCSCreatedProcess
    /// `HcsOpenProcess(pid)`.
    func openProcess(_ system: HCSSystemHandle, pid: UInt32) async throws(HCSCallError) -> HCSProcessHandle
    /// `HcsCloseProcess`; the handle is invalid afterwards.
    func closeProcess(_ process: HCSProcessHandle)
    /// `HcsTerminateProcess`.
    func terminateProcess(_ process: HCSProcessHandle) async throws(HCSCallError)
    /// `HcsSignalProcess(options)` (RS5+).
    func signalProcess(_ process: HCSProcessHandle, options: String) async throws(HCSCallError)
    /// `HcsModifyProcess(request)`: console size, closing stdin.
    func modifyProcess(_ process: HCSProcessHandle, request: String) async throws(HCSCallError)
    /// Returns the process's exit code once HCS notifies its exit (`HcsRegisterProcessCallback`,
    /// then `HcsGetProcessProperties`). Called once per process, right after it is created.
    func waitForProcessExit(_ process: HCSProcessHandle) async throws(HCSCallError) -> UInt32

    /// `NameToGuid(name)`: the layer id HCS derives from a layer folder's base name, as
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase).
    func nameToGUID(_ name: String) throws(HCSCallError) -> String
}

extension HCSAPI {
    /// Whether `HcsSignalProcess` is available, so signals become Ctrl events.
    public var supportsSignals: Bool { hostBuild >= HCSSignalMapping.firstBuildWithSignals }
}

/// HCS timeouts, in milliseconds, as the seed used them.
public enum HCSTimeout {
    /// `INFINITE`.
    public static let infinite = UInt32.max
    /// The shutdown after the init process exits: 5 minutes, so a hung HCS cannot hold the
    /// exit forever.
    public static let shutdownAfterInitExit: UInt32 = 5 * 60 * 1000
}
