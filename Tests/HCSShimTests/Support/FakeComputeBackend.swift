import Synchronization
@testable import HCSShim

/// A compute backend whose processes exit when a test says so. It records the calls it gets.
final class FakeComputeBackend: ComputeBackend {
    let calls = Mutex<[String]>([])
    let systems = Mutex<[String: FakeSystem]>([:])
    let failCreate = Mutex<ShimError?>(nil)
    let killAll: Bool

    init(killAllOnInitExit: Bool = false) { self.killAll = killAllOnInitExit }

    func create(_ spec: ContainerSpec) async throws -> any ComputeSystem {
        calls.withLock { $0.append("create \(spec.id)") }
        if let failure = failCreate.withLock({ $0 }) { throw failure }
        let system = FakeSystem(id: spec.id, backend: self, killAllOnInitExit: killAll)
        systems.withLock { $0[spec.id] = system }
        return system
    }

    func cleanup(id: String, bundle: String, namespace: String) async throws {
        calls.withLock { $0.append("cleanup \(id)") }
    }

    func system(_ id: String) -> FakeSystem? { systems.withLock { $0[id] } }
    var recorded: [String] { calls.withLock { $0 } }
}

final class FakeSystem: ComputeSystem {
    let id: String
    let initFake: FakeProcess
    let execs = Mutex<[String: FakeProcess]>([:])
    let killAllOnInitExit: Bool
    private let backend: FakeComputeBackend

    init(id: String, backend: FakeComputeBackend, killAllOnInitExit: Bool) {
        self.id = id
        self.backend = backend
        self.killAllOnInitExit = killAllOnInitExit
        self.initFake = FakeProcess(id: id, pid: 100, backend: backend)
    }

    var initProcess: any ComputeProcess { initFake }

    func exec(_ spec: ExecSpec) async throws -> any ComputeProcess {
        backend.calls.withLock { $0.append("exec \(spec.execID)") }
        let pid = Int32(200 + execs.withLock { $0.count })
        let process = FakeProcess(id: spec.execID, pid: 0, startPID: pid, backend: backend)
        execs.withLock { $0[spec.execID] = process }
        return process
    }

    func exec(_ id: String) -> FakeProcess? { execs.withLock { $0[id] } }

    func pids() async throws -> [Int32] {
        [initFake.pid] + execs.withLock { $0.values.map(\.pid).filter { $0 > 0 } }
    }

    func signalAll(_ signal: Int32) async throws {
        backend.calls.withLock { $0.append("signalAll \(signal)") }
        for process in execs.withLock({ Array($0.values) }) { process.exit(Int32(128) + signal) }
    }

    func delete() async throws { backend.calls.withLock { $0.append("delete \(id)") } }

    /// OOM kills so far (nil: a backend that keeps no count) and the notification stream.
    let oomCount = Mutex<UInt64?>(nil)
    let oom = AsyncStream<Void>.makeStream()
    func oomEvents() -> AsyncStream<Void> { oom.stream }
    func oomKillCount() async -> UInt64? { oomCount.withLock { $0 } }

    func update(resources: [UInt8], annotations: [String: String]) async throws {
        backend.calls.withLock { $0.append("update \(id)") }
    }

    func pause() async throws { backend.calls.withLock { $0.append("pause \(id)") } }
    func resume() async throws { backend.calls.withLock { $0.append("resume \(id)") } }
}

final class FakeProcess: ComputeProcess {
    private struct State {
        var pid: Int32
        var exit: ExitStatus?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
    }

    let id: String
    /// When set, the process exits with this code inside `start`, before `start` returns
    /// (a program that dies at once, seen by the reaper before the runtime call ends).
    let exitDuringStart = Mutex<Int32?>(nil)
    private let startPID: Int32
    private let state: Mutex<State>
    private let backend: FakeComputeBackend

    init(id: String, pid: Int32, startPID: Int32? = nil, backend: FakeComputeBackend) {
        self.id = id
        self.startPID = startPID ?? pid
        self.state = Mutex(State(pid: pid))
        self.backend = backend
    }

    var pid: Int32 { state.withLock { $0.pid } }

    func start() async throws -> Int32 {
        backend.calls.withLock { $0.append("start \(id)") }
        let pid = state.withLock { $0.pid = startPID; return startPID }
        if let code = exitDuringStart.withLock({ $0 }) {
            exit(code)
            // Lets the service's exit watcher run while the start call is still in flight.
            try? await Task.sleep(for: .milliseconds(20))
        }
        return pid
    }

    func signal(_ signal: Int32) async throws {
        backend.calls.withLock { $0.append("signal \(id) \(signal)") }
        exit(128 + signal)
    }

    /// Makes the process exit with `code`; later calls are ignored.
    func exit(_ code: Int32) {
        let waiters: [CheckedContinuation<ExitStatus, Never>] = state.withLock { state in
            guard state.exit == nil else { return [] }
            state.exit = .exited(code)
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        let status = state.withLock { $0.exit }
        for waiter in waiters { if let status { waiter.resume(returning: status) } }
    }

    func wait() async -> ExitStatus {
        await withCheckedContinuation { continuation in
            let done: ExitStatus? = state.withLock { state in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    func resize(_ size: ConsoleSize) async throws { backend.calls.withLock { $0.append("resize \(id) \(size.width)x\(size.height)") } }
    func closeStdin() async throws { backend.calls.withLock { $0.append("closeStdin \(id)") } }
    func delete() async throws { backend.calls.withLock { $0.append("deleteProcess \(id)") } }
}
