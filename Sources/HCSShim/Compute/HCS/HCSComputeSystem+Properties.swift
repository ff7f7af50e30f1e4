extension HCSComputeSystem {
    /// The container's resource usage (`Statistics` property). Throws `.notFound` when the system
    /// is gone or not running (HCS answers not found, invalid state, access denied or invalid
    /// handle), as runhcs reports it.
    public func statistics() async throws(ShimError) -> HCSStatistics {
        guard let statistics = try await properties(["Statistics"]).statistics else {
            throw ShimError.notFound("stats \(id): HCS returned no statistics")
        }
        return statistics
    }

    /// Every process HCS sees in the container (`ProcessList` property), not only those the shim
    /// started. Throws like `statistics()`.
    public func processList() async throws(ShimError) -> [HCSProcessListItem] {
        try await properties(["ProcessList"]).processList ?? []
    }

    /// Statistics have no Task API message in this shim yet (runhcs sends its own
    /// `containerd.runhcs.stats.v1.Statistics`); `statistics()` returns what HCS reports.
    public func stats() async throws -> TypedPayload {
        throw ShimError.unimplemented("stats \(id): Windows statistics are not reported over the task API")
    }

    private func properties(_ types: [String]) async throws(ShimError) -> HCSProperties {
        let text: String
        do throws(HCSCallError) {
            text = try await control.api.computeSystemProperties(
                control.handle, query: HCSRequests.propertyQuery(types).text)
        } catch {
            switch error.errorClass {
            case .notFound, .alreadyStopped, .invalidState, .accessDenied:
                throw ShimError.notFound("stats \(id): \(error)")
            case .pending, .notSupported, .timeout, .other:
                throw error.shimError
            }
        }
        return try HCSProperties.decode(text)
    }
}
