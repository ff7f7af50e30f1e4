/// The documents the shim sends HCS for a bundle, without sending them: the container document
/// for `HcsCreateComputeSystem`, the init process's parameters for `HcsCreateProcess`, and, when
/// asked, an exec process's. `hcsshimctl hcs-document BUNDLE` prints them.
public struct HCSDocumentRenderer {
    public struct Documents: Sendable, Equatable {
        public var container: GoJSON
        public var initProcess: HCSProcessParameters
        /// The parameters of an exec (`HCSBackend.exec`), when one was given.
        public var execProcess: HCSProcessParameters?

        /// The documents in one object, `{"ComputeSystem":…,"InitProcess":…}` plus
        /// `"ExecProcess":…` with an exec, for printing.
        public var json: GoJSON {
            var members: [(String, GoJSON)] = [("ComputeSystem", container), ("InitProcess", initProcess.json)]
            if let execProcess { members.append(("ExecProcess", execProcess.json)) }
            return .object(members)
        }
    }

    /// Renders the documents for `<bundle>/config.json`; the container id defaults to the bundle
    /// directory's name, as containerd names bundles `<state>/<namespace>/<id>`. `exec` is the
    /// OCI process of an exec request (what `Exec` carries as its spec).
    ///
    /// Layer ids come from `layerID`; the default, `HCSLayerID.unresolved`, is for hosts
    /// without `vmcompute.dll`. Throws as `HCSBackend.create` and `exec` would before calling HCS.
    public static func render(
        bundle: String, id: String? = nil, exec: OCIProcess? = nil, owner: String = HCSContainerConfig.defaultOwner,
        layerID: (String) throws(ShimError) -> String = HCSLayerID.unresolved
    ) throws(ShimError) -> Documents {
        let spec = try OCISpec.load(bundle: bundle)
        let name = id ?? WindowsPath.base(bundle)
        var documents = try render(oci: spec, id: name, owner: owner, layerID: layerID)
        if let exec { documents.execProcess = try execParameters(exec, spec: spec) }
        return documents
    }

    /// Renders the documents for a decoded spec.
    public static func render(
        oci spec: OCISpec, id: String, owner: String = HCSContainerConfig.defaultOwner,
        layerID: (String) throws(ShimError) -> String
    ) throws(ShimError) -> Documents {
        guard let process = spec.process else {
            throw ShimError.invalidArgument("hcs document: the spec has no process")
        }
        let parameters = try HCSProcessParameters(process: process)
        let config = try HCSContainerConfig(spec: spec, id: id, owner: owner, layerID: layerID)
        return Documents(container: config.json, initProcess: parameters)
    }

    /// An exec's parameters: its working directory falls back to the init process's, as the
    /// seed's `AddProcess` did and `HCSComputeSystem` does.
    public static func execParameters(_ process: OCIProcess, spec: OCISpec) throws(ShimError) -> HCSProcessParameters {
        try HCSProcessParameters(process: process, fallbackWorkingDirectory: spec.process?.cwd ?? "")
    }
}
