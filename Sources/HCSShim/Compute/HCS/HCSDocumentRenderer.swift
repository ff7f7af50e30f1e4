/// The two documents the shim sends HCS for a bundle, without sending them: the container
/// document for `HcsCreateComputeSystem` and the init process's parameters for `HcsCreateProcess`.
/// `hcsshimctl hcs-document BUNDLE` prints them.
public struct HCSDocumentRenderer {
    public struct Documents: Sendable, Equatable {
        public var container: GoJSON
        public var initProcess: HCSProcessParameters

        /// Both documents in one object, `{"ComputeSystem":…,"InitProcess":…}`, for printing.
        public var json: GoJSON {
            .object([("ComputeSystem", container), ("InitProcess", initProcess.json)])
        }
    }

    /// Renders the documents for `<bundle>/config.json`; the container id defaults to the bundle
    /// directory's name, as containerd names bundles `<state>/<namespace>/<id>`.
    ///
    /// Layer ids come from `layerID`; the default, `HCSLayerID.unresolved`, is for hosts
    /// without `vmcompute.dll`. Throws as `HCSBackend.create` would before calling HCS.
    public static func render(
        bundle: String, id: String? = nil, owner: String = HCSContainerConfig.defaultOwner,
        layerID: (String) throws(ShimError) -> String = HCSLayerID.unresolved
    ) throws(ShimError) -> Documents {
        let spec = try OCISpec.load(bundle: bundle)
        let name = id ?? WindowsPath.base(bundle)
        return try render(oci: spec, id: name, owner: owner, layerID: layerID)
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
}
