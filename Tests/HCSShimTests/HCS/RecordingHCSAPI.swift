import Synchronization
@testable import HCSShim

/// A fake `vmcompute.dll` that records every call and models just enough of HCS to drive the
/// backend: systems go created → running → stopped, terminating or shutting a system down ends
/// its processes, calls on a stopped system fail as HCS fails them, and a test can fail any call
/// with an HRESULT or end a process with an exit code. Terminating or signalling one process does
/// not end it: the test delivers that exit, as HCS's notification arrives later.
final class RecordingHCSAPI: HCSAPI, Sendable {
    enum Call: Equatable, Sendable {
        case nameToGUID(String)
        case createComputeSystem(id: String, configuration: String)
        case openComputeSystem(id: String)
        case startComputeSystem(UInt)
        case shutdownComputeSystem(UInt, timeout: UInt32)
        case terminateComputeSystem(UInt, timeout: UInt32)
        case closeComputeSystem(UInt)
        case computeSystemProperties(UInt, query: String)
        case createProcess(UInt, parameters: String, stdio: StdioPaths)
        case openProcess(UInt, pid: UInt32)
        case closeProcess(UInt)
        case terminateProcess(UInt)
        case signalProcess(UInt, options: String)
        case modifyProcess(UInt, request: String)
    }

    enum SystemState { case created, running, stopped }

    private struct State {
        var calls: [Call] = []
        var systems: [UInt: (id: String, state: SystemState)] = [:]
        var processes: [UInt: (system: UInt, pid: UInt32)] = [:]
        var nextHandle: UInt = 100
        var nextPid: UInt32 = 1000
        /// Exit codes of processes that ended before anyone waited.
        var exited: [UInt: UInt32] = [:]
        var waiters: [UInt: CheckedContinuation<UInt32, Never>] = [:]
        var failures: [(matches: @Sendable (Call) -> Bool, result: HRESULT)] = []
        var properties = "{}"
    }
    private let state = Mutex(State())
    let hostBuild: UInt32
    /// The exit code HCS gives processes it ends by terminate or shutdown.
    let killedExitCode: UInt32 = 1

    /// Whether stopping a system notifies the exit of its processes (as HCS does).
    let notifiesExitsOnStop: Bool

    init(hostBuild: UInt32 = 14393, notifiesExitsOnStop: Bool = true) {
        self.hostBuild = hostBuild
        self.notifiesExitsOnStop = notifiesExitsOnStop
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var processHandles: [UInt] { state.withLock { $0.processes.keys.sorted() } }
    func systemState(_ handle: UInt) -> SystemState? { state.withLock { $0.systems[handle]?.state } }

    /// Makes the next call that `matches` fail with `result` (once).
    func fail(with result: HRESULT, when matches: @escaping @Sendable (Call) -> Bool) {
        state.withLock { $0.failures.append((matches, result)) }
    }

    /// What `computeSystemProperties` answers.
    func setProperties(_ document: String) { state.withLock { $0.properties = document } }

    /// Ends process `handle` with `code`, as HCS's exit notification would.
    func exit(process handle: UInt, code: UInt32) {
        let waiter = state.withLock { state -> CheckedContinuation<UInt32, Never>? in
            if let waiter = state.waiters.removeValue(forKey: handle) { return waiter }
            if state.exited[handle] == nil { state.exited[handle] = code }
            return nil
        }
        waiter?.resume(returning: code)
    }

    private func record(_ call: Call, name: String) throws(HCSCallError) {
        let failure = state.withLock { state -> HRESULT? in
            state.calls.append(call)
            guard let index = state.failures.firstIndex(where: { $0.matches(call) }) else { return nil }
            return state.failures.remove(at: index).result
        }
        if let failure { throw HCSCallError(call: name, result: failure) }
    }

    private func endProcesses(of system: UInt) {
        guard notifiesExitsOnStop else { return }
        let handles = state.withLock { state in state.processes.filter { $0.value.system == system }.map(\.key) }
        for handle in handles { exit(process: handle, code: killedExitCode) }
    }

    private func requireSystem(_ handle: UInt, in states: [SystemState], name: String) throws(HCSCallError) {
        let current = state.withLock { $0.systems[handle]?.state }
        guard let current else { throw HCSCallError(call: name, result: .invalidHandle) }
        if current == .stopped && !states.contains(.stopped) { throw HCSCallError(call: name, result: .systemAlreadyStoppedLegacy) }
        if !states.contains(current) { throw HCSCallError(call: name, result: .invalidStateLegacy) }
    }

    func nameToGUID(_ name: String) throws(HCSCallError) -> String {
        try record(.nameToGUID(name), name: "NameToGuid")
        guard let guid = HCSLayerID.published[name] else {
            throw HCSCallError(call: "NameToGuid", result: .invalidData, detail: "no published id for \(name)")
        }
        return guid
    }

    func createComputeSystem(id: String, configuration: String) async throws(HCSCallError) -> HCSSystemHandle {
        try record(.createComputeSystem(id: id, configuration: configuration), name: "HcsCreateComputeSystem")
        return state.withLock { state in
            state.nextHandle += 1
            state.systems[state.nextHandle] = (id, .created)
            return HCSSystemHandle(rawValue: state.nextHandle)
        }
    }

    func openComputeSystem(id: String) async throws(HCSCallError) -> HCSSystemHandle {
        try record(.openComputeSystem(id: id), name: "HcsOpenComputeSystem")
        let found = state.withLock { state in state.systems.first { $0.value.id == id }?.key }
        guard let found else { throw HCSCallError(call: "HcsOpenComputeSystem", result: .systemNotFoundLegacy) }
        return HCSSystemHandle(rawValue: found)
    }

    func startComputeSystem(_ system: HCSSystemHandle) async throws(HCSCallError) {
        try record(.startComputeSystem(system.rawValue), name: "HcsStartComputeSystem")
        try requireSystem(system.rawValue, in: [.created], name: "HcsStartComputeSystem")
        state.withLock { $0.systems[system.rawValue]?.state = .running }
    }

    func shutdownComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError) {
        try record(.shutdownComputeSystem(system.rawValue, timeout: timeoutMilliseconds), name: "HcsShutdownComputeSystem")
        try requireSystem(system.rawValue, in: [.running], name: "HcsShutdownComputeSystem")
        state.withLock { $0.systems[system.rawValue]?.state = .stopped }
        endProcesses(of: system.rawValue)
    }

    func terminateComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError) {
        try record(.terminateComputeSystem(system.rawValue, timeout: timeoutMilliseconds), name: "HcsTerminateComputeSystem")
        try requireSystem(system.rawValue, in: [.created, .running], name: "HcsTerminateComputeSystem")
        state.withLock { $0.systems[system.rawValue]?.state = .stopped }
        endProcesses(of: system.rawValue)
    }

    func closeComputeSystem(_ system: HCSSystemHandle) {
        try? record(.closeComputeSystem(system.rawValue), name: "HcsCloseComputeSystem")
    }

    func computeSystemProperties(_ system: HCSSystemHandle, query: String) async throws(HCSCallError) -> String {
        try record(.computeSystemProperties(system.rawValue, query: query), name: "HcsGetComputeSystemProperties")
        return state.withLock { $0.properties }
    }

    func createProcess(_ system: HCSSystemHandle, parameters: String, stdio: StdioPaths) async throws(HCSCallError) -> HCSCreatedProcess {
        try record(.createProcess(system.rawValue, parameters: parameters, stdio: stdio), name: "HcsCreateProcess")
        try requireSystem(system.rawValue, in: [.running], name: "HcsCreateProcess")
        return state.withLock { state in
            state.nextHandle += 1
            state.nextPid += 4
            state.processes[state.nextHandle] = (system.rawValue, state.nextPid)
            return HCSCreatedProcess(handle: HCSProcessHandle(rawValue: state.nextHandle), pid: state.nextPid)
        }
    }

    func openProcess(_ system: HCSSystemHandle, pid: UInt32) async throws(HCSCallError) -> HCSProcessHandle {
        try record(.openProcess(system.rawValue, pid: pid), name: "HcsOpenProcess")
        let found = state.withLock { state in state.processes.first { $0.value.pid == pid }?.key }
        guard let found else { throw HCSCallError(call: "HcsOpenProcess", result: .elementNotFound) }
        return HCSProcessHandle(rawValue: found)
    }

    func closeProcess(_ process: HCSProcessHandle) {
        try? record(.closeProcess(process.rawValue), name: "HcsCloseProcess")
    }

    func terminateProcess(_ process: HCSProcessHandle) async throws(HCSCallError) {
        // The exit notification follows later; tests deliver it with `exit(process:code:)`.
        try record(.terminateProcess(process.rawValue), name: "HcsTerminateProcess")
    }

    func signalProcess(_ process: HCSProcessHandle, options: String) async throws(HCSCallError) {
        try record(.signalProcess(process.rawValue, options: options), name: "HcsSignalProcess")
    }

    func modifyProcess(_ process: HCSProcessHandle, request: String) async throws(HCSCallError) {
        try record(.modifyProcess(process.rawValue, request: request), name: "HcsModifyProcess")
    }

    /// Not recorded: the backend calls it from its exit watcher, whose timing is not part of the
    /// seed's sequence.
    func waitForProcessExit(_ process: HCSProcessHandle) async throws(HCSCallError) -> UInt32 {
        await withCheckedContinuation { continuation in
            let code = state.withLock { state -> UInt32? in
                if let code = state.exited.removeValue(forKey: process.rawValue) { return code }
                state.waiters[process.rawValue] = continuation
                return nil
            }
            if let code { continuation.resume(returning: code) }
        }
    }
}
