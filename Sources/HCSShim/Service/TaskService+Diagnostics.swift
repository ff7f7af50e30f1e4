/// What the shim holds, for the SIGUSR1 dump and debugging tools.
extension TaskService {
    /// Every container's init process and execs, sorted by container id then exec id (init first).
    public func processTable() -> [ProcessSnapshot] {
        containers.keys.sorted().flatMap { id -> [ProcessSnapshot] in
            guard let container = containers[id] else { return [] }
            let bundle = container.spec.bundle
            let execs = container.execs.keys.sorted().compactMap { container.execs[$0]?.snapshot(bundle: bundle) }
            return [container.initProcess.snapshot(bundle: bundle)] + execs
        }
    }
}
