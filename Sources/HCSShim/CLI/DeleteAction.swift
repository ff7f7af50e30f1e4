/// `delete`: cleans up after a task whose shim is gone or finished — containerd runs it after
/// every task deletion and after a shim crash, with a 5 s budget. Idempotent.
///
/// Prints a packed `DeleteResponse` (the init pid from `init.pid` when known, exit status 137
/// as runc-v2 reports a killed init, now) and nothing else on stdout; warnings go to stderr,
/// which containerd logs as "cleanup warnings".
enum DeleteAction {
    static func run(_ arguments: ShimArguments, backend: any ComputeBackend) async -> [UInt8] {
        let bundle = arguments.bundle.isEmpty ? ((try? ShimProcess.currentDirectory()) ?? "") : arguments.bundle
        do {
            try Identifier.validate(arguments.id, "task id")
            try Identifier.validate(arguments.namespace, "namespace")
            try await backend.cleanup(id: arguments.id, bundle: bundle, namespace: arguments.namespace)
        } catch {
            Log.warning("cleanup after shim", ["id": arguments.id, "error": ShimError.classify(error).message])
        }
        let pidText = (try? Files.readText(bundle + "/init.pid")) ?? ""
        let pid = UInt32(pidText.filter(\.isNumber)) ?? 0
        return DeleteResponse(pid: pid, status: .signaled(9)).packed()
    }
}
