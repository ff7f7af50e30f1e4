/// A failed `vmcompute.dll` call: which call, its normalised result, and HCS's own error text
/// (the `result` document some calls return).
///
/// This stays inside the HCS backend: the backend decides on it (shutdown falls back to
/// terminate unless the result is one of the seed's benign codes, a kill of an already stopped
/// process is "not found", ...) and converts it to `ShimError` with `shimError` before anything
/// leaves `Compute/HCS`.
public struct HCSCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var call: String
    public var result: HRESULT
    public var detail: String

    public init(call: String, result: HRESULT, detail: String = "") {
        self.call = call
        self.result = result
        self.detail = detail
    }

    public var errorClass: HRESULTClass { HRESULTClass(result) }

    public var description: String {
        detail.isEmpty ? "\(call): \(result)" : "\(call): \(result): \(detail)"
    }

    /// The error as the compute protocol reports it: the class's code, this description.
    public var shimError: ShimError { ShimError(errorClass.code, description) }
}
