import Synchronization

/// Where one client call's outcome meets its caller. The response may arrive (or the call
/// fail) before the caller starts waiting, so the slot is a small state machine rather than a
/// bare continuation: it completes exactly once, and a late completion is dropped.
final class ResponseSlot: Sendable {
    typealias Outcome = Result<TTRPCResponse, ShimError>

    private enum State {
        case pending
        case waiting(CheckedContinuation<Outcome, Never>)
        case done(Outcome)
    }

    private let state = Mutex(State.pending)

    /// The outcome, once there is one. One waiter per slot.
    func outcome() async -> Outcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Outcome? in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .done(let outcome):
                    return outcome
                case .waiting:
                    return .failure(.internal("ttrpc: response slot waited on twice"))
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Settles the slot; ignored if it is already settled.
    func complete(_ outcome: Outcome) {
        let waiter = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            switch state {
            case .pending:
                state = .done(outcome)
                return nil
            case .waiting(let continuation):
                state = .done(outcome)
                return continuation
            case .done:
                return nil
            }
        }
        waiter?.resume(returning: outcome)
    }
}
