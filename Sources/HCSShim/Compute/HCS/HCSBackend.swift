/// The Windows compute backend: containers as HCS compute systems, the seed's libcontainerd
/// client ported over the `HCSAPI` calls.
///
/// `create` reads the bundle's `config.json`, builds the schema-v1 document
/// (`HCSContainerConfig`) and the init's parameters, and creates the system; `start` on the
/// init process starts it. Everything here is platform-neutral; only the `HCSAPI`
/// implementation is Windows-specific.
public final class HCSBackend: ComputeBackend, Sendable {
    let api: any HCSAPI
    let owner: String
    let orphanGrace: Duration

    /// - Parameters:
    ///   - owner: the `Owner` HCS records for every system this backend creates.
    ///   - orphanGrace: how long an exec may outlive its stopped system before it is reported
    ///     exited (`HCSProcess.defaultOrphanGrace`).
    public init(api: any HCSAPI, owner: String = HCSContainerConfig.defaultOwner, orphanGrace: Duration = HCSProcess.defaultOrphanGrace) {
        self.api = api
        self.owner = owner
        self.orphanGrace = orphanGrace
    }

    /// Throws `.notFound` for a missing `config.json`, `.invalidArgument` for a spec HCS cannot
    /// run (no Windows section, no layers, no command), the HCS failure's class otherwise
    /// (`.notFound` for a `NameToGuid` or create that finds nothing, `.unknown` by default).
    public func create(_ spec: ContainerSpec) async throws -> any ComputeSystem {
        try await create(spec, oci: OCISpec.load(bundle: spec.bundle))
    }

    /// `create` with the spec already decoded.
    public func create(_ spec: ContainerSpec, oci: OCISpec) async throws -> HCSComputeSystem {
        let document = try HCSDocumentRenderer.render(oci: oci, id: spec.id, owner: owner) { (name) throws(ShimError) in
            do throws(HCSCallError) {
                return try api.nameToGUID(name)
            } catch {
                throw error.shimError
            }
        }
        let handle: HCSSystemHandle
        do throws(HCSCallError) {
            handle = try await api.createComputeSystem(id: spec.id, configuration: document.container.text)
        } catch {
            throw error.shimError
        }
        let control = HCSSystemControl(api: api, id: spec.id, handle: handle)
        return HCSComputeSystem(
            id: spec.id, control: control, spec: oci, initParameters: document.initProcess, stdio: spec.stdio,
            orphanGrace: orphanGrace)
    }

    /// Stops and forgets a container whose shim is gone: opens the system by id, terminates it
    /// and closes the handle. A system that no longer exists is success.
    public func cleanup(id: String, bundle: String, namespace: String) async throws {
        let handle: HCSSystemHandle
        do {
            handle = try await api.openComputeSystem(id: id)
        } catch {
            if error.errorClass == .notFound { return }
            throw error.shimError
        }
        let control = HCSSystemControl(api: api, id: id, handle: handle)
        defer { control.close() }
        try await control.terminate()
    }

    /// The seed's `Restore` after an engine restart: the container is not reattached but reported
    /// as exited with code `1 << 31`, without calling HCS.
    public func restore(id: String) -> ExitStatus {
        ExitStatus(code: HCSBackend.restoredExitCode, exitedAt: .now())
    }

    /// The exit code the seed reported for a container found after a restart.
    public static let restoredExitCode: UInt32 = 1 << 31
}
