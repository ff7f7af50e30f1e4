/// What an HCS result means to the shim, grouped as hcsshim's `IsNotExist`, `IsAlreadyStopped`,
/// `IsPending`, `IsNotSupported` group them (hcs-and-peers §4.3), with the `ShimError` code each
/// class becomes.
public enum HRESULTClass: Sendable, Equatable, CaseIterable {
    /// The system or process does not exist (any more).
    case notFound
    /// The system or process has already stopped: the desired state is reached.
    case alreadyStopped
    /// The operation completes asynchronously; its notification follows.
    case pending
    /// The system or process is in the wrong state for the operation.
    case invalidState
    /// This Windows build does not support the request.
    case notSupported
    case accessDenied
    case timeout
    /// Anything else.
    case other

    public init(_ result: HRESULT) {
        switch result {
        case .elementNotFound, .systemNotFoundLegacy, .systemNotFound, .invalidHandle:
            self = .notFound
        case .systemAlreadyStoppedLegacy, .systemAlreadyStopped, .processAlreadyStopped:
            self = .alreadyStopped
        case .operationPendingLegacy, .operationPending:
            self = .pending
        case .invalidStateLegacy, .invalidState:
            self = .invalidState
        case .invalidJSONLegacy, .invalidJSON, .unknownMessageLegacy, .unknownMessage, .invalidData,
            .notSupported, .procedureNotFound:
            self = .notSupported
        case .accessDenied:
            self = .accessDenied
        case .operationTimeout:
            self = .timeout
        default:
            self = .other
        }
    }

    /// The containerd errdefs class for this result.
    ///
    /// Already stopped is `notFound` because containerd reads a kill of an exited process as
    /// "process already finished" (`NotFound`); an invalid state is a precondition failure; an
    /// unsupported request is `unimplemented`, which containerd shows as "not implemented".
    public var code: ShimError.Code {
        switch self {
        case .notFound, .alreadyStopped: .notFound
        case .pending: .unavailable
        case .invalidState: .failedPrecondition
        case .notSupported: .unimplemented
        case .accessDenied: .permissionDenied
        case .timeout: .deadlineExceeded
        case .other: .unknown
        }
    }
}
