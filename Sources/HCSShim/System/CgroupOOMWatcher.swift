#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CSystem
import Synchronization

/// Reports OOM kills in a process's memory cgroup, on the `EventLoop`.
///
/// cgroup v1: an eventfd registered on `memory.oom_control` through `cgroup.event_control`;
/// the kernel signals it on every OOM and when the cgroup is removed, so each wake-up re-reads
/// the `oom_kill` counter and stops once the cgroup is gone. cgroup v2: inotify on
/// `memory.events`; each change re-reads `oom_kill` and reports the increase.
///
/// Threads: the watch runs as a task; `state` guards the descriptors, which `stop()` cancels
/// and closes exactly once.
public final class CgroupOOMWatcher: Sendable {
    private struct State {
        var waitFD: FileDescriptor?
        var extraFD: FileDescriptor?
    }
    private let state: Mutex<State>
    private let counterFile: String
    private let onOOM: @Sendable () -> Void

    private init(waitFD: FileDescriptor, extraFD: FileDescriptor?, counterFile: String, onOOM: @escaping @Sendable () -> Void) {
        self.state = Mutex(State(waitFD: waitFD, extraFD: extraFD))
        self.counterFile = counterFile
        self.onOOM = onOOM
    }

    /// Starts watching the memory cgroup of `pid`. Throws `.notFound` when the process has no
    /// memory cgroup, or the errno of eventfd/inotify setup.
    public static func start(pid: Int32, onOOM: @escaping @Sendable () -> Void) throws(ShimError) -> CgroupOOMWatcher {
        let paths = try Cgroups.paths(of: pid)
        let watcher: CgroupOOMWatcher
        if let memory = paths.v1["memory"] {
            let control = try FileDescriptor.open(memory + "/memory.oom_control", O_RDONLY)
            let event: FileDescriptor
            do {
                event = FileDescriptor(rawValue: try retryingInterrupts("eventfd") { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) })
            } catch { control.close(); throw error }
            do {
                try Files.writeText(memory + "/cgroup.event_control", "\(event.rawValue) \(control.rawValue)")
            } catch { control.close(); event.close(); throw error }
            watcher = CgroupOOMWatcher(waitFD: event, extraFD: control, counterFile: memory + "/memory.oom_control", onOOM: onOOM)
        } else if let unified = paths.unified, Files.exists(unified + "/memory.events") {
            let inotify = FileDescriptor(rawValue: try retryingInterrupts("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK)) })
            if inotify_add_watch(inotify.rawValue, unified + "/memory.events", UInt32(IN_MODIFY)) < 0 {
                let error = errnoError("inotify_add_watch \(unified)/memory.events")
                inotify.close()
                throw error
            }
            watcher = CgroupOOMWatcher(waitFD: inotify, extraFD: nil, counterFile: unified + "/memory.events", onOOM: onOOM)
        } else {
            throw ShimError(.notFound, "oom watch: cgroup does not exist for pid \(pid)")
        }
        watcher.run()
        return watcher
    }

    /// OOM kills in the cgroup so far (`oom_kill`), nil once the cgroup is gone.
    public var killCount: UInt64? { oomKills() }

    /// The `oom_kill` counter, nil once the cgroup is gone.
    private func oomKills() -> UInt64? {
        guard Files.exists(counterFile) else { return nil }
        return Cgroups.readKeyedValues(counterFile)["oom_kill"] ?? 0
    }

    private func run() {
        guard let fd = state.withLock({ $0.waitFD }) else { return }
        var seen = oomKills() ?? 0
        Task.detached { [self] in
            while true {
                do throws(ShimError) {
                    try await EventLoop.shared.waitReadable(fd.rawValue)
                } catch {
                    return  // stopped
                }
                while let bytes = try? fd.read(upTo: 4096), !bytes.isEmpty {}
                guard let count = oomKills() else { stop(); return }
                // An old kernel without the counter still signals each OOM on v1.
                if count > seen || (count == 0 && counterFile.hasSuffix("oom_control")) { onOOM() }
                seen = max(seen, count)
            }
        }
    }

    /// Stops watching and closes the descriptors. Idempotent.
    public func stop() {
        let (waitFD, extraFD) = state.withLock { state in
            defer { state.waitFD = nil; state.extraFD = nil }
            return (state.waitFD, state.extraFD)
        }
        if let waitFD {
            EventLoop.shared.cancelWaits(on: waitFD.rawValue)
            waitFD.close()
        }
        extraFD?.close()
    }
}
