/// The one error type of the shim.
///
/// Every failure is classified where it arises (a runtime's stderr, an errno, an HRESULT, a
/// state-machine refusal) into one of the `Code`s containerd reads back, and mapped to a wire
/// status exactly once, at the transport edge (`RPCStatus`). The raw values are the gRPC status
/// codes, which ttrpc reuses, so the mapping is the identity.
public struct ShimError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errdefs classes of containerd, numbered as gRPC status codes.
    public enum Code: Int32, Sendable, CaseIterable {
        case canceled = 1
        case unknown = 2
        case invalidArgument = 3
        case deadlineExceeded = 4
        case notFound = 5
        case alreadyExists = 6
        case permissionDenied = 7
        case resourceExhausted = 8
        case failedPrecondition = 9
        case aborted = 10
        case outOfRange = 11
        case unimplemented = 12
        case `internal` = 13
        case unavailable = 14
        case dataLoss = 15
        case unauthenticated = 16
    }

    public var code: Code
    /// Human text, conventionally `"<operation>: <detail>"`.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func notFound(_ message: String) -> ShimError { ShimError(.notFound, message) }
    public static func alreadyExists(_ message: String) -> ShimError { ShimError(.alreadyExists, message) }
    public static func invalidArgument(_ message: String) -> ShimError { ShimError(.invalidArgument, message) }
    public static func failedPrecondition(_ message: String) -> ShimError { ShimError(.failedPrecondition, message) }
    public static func unimplemented(_ message: String) -> ShimError { ShimError(.unimplemented, message) }
    public static func unavailable(_ message: String) -> ShimError { ShimError(.unavailable, message) }
    public static func `internal`(_ message: String) -> ShimError { ShimError(.internal, message) }
    public static func unknown(_ message: String) -> ShimError { ShimError(.unknown, message) }
}

extension ShimError {
    /// Classifies any error for the wire: a `ShimError` keeps its code, cancellation becomes
    /// `.canceled`, anything else is `.unknown` with its description.
    public static func classify(_ error: any Error) -> ShimError {
        if let shimError = error as? ShimError { return shimError }
        if error is CancellationError { return ShimError(.canceled, "canceled") }
        return ShimError(.unknown, String(describing: error))
    }
}
