extension GRPCServer {
    /// A server of `methods` that also serves reflection (v1 and v1alpha) from `catalog`,
    /// normally `ReflectionCatalog.generated`: what the shim's composition root builds.
    public convenience init(methods: MethodTable, reflecting catalog: ReflectionCatalog) {
        let reflection = ServerReflection(services: methods.services, catalog: catalog)
        self.init(methods: methods, bidirectional: reflection.handlers)
    }
}
