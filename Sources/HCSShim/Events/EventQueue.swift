import Synchronization

/// The shim's one ordered event queue.
///
/// `publish` numbers the event, appends it to the forwarding backlog and the replay history,
/// and offers it to live subscribers — all under one lock, so every consumer sees the same
/// order. `forward(to:)` is the pump: it sends the backlog to the parent engine strictly in
/// order, retrying a failed event with capped exponential backoff for as long as the shim lives
/// (an event is never dropped and never overtaken by a later one). The pump sleeps on a
/// continuation while the backlog is empty: an idle shim has no timers.
///
/// Thread safety: all state is behind `state`; no lock is held across an `await`.
public final class EventQueue: EventPublisher {
    public struct Configuration: Sendable {
        /// Events kept for subscribers that resume from a sequence number.
        public var historyLimit = 1024
        /// First and largest delay between attempts to forward a failing event.
        public var initialBackoff: Duration = .milliseconds(50)
        public var maximumBackoff: Duration = .seconds(2)
        /// Undelivered events kept in memory; beyond it they go to `spillPath`, in order.
        public var memoryLimit = 4096
        /// Where undelivered events overflow while the parent is gone (the bundle's
        /// `events.spill`); nil keeps everything in memory.
        public var spillPath: String?
        public init() {}
    }

    struct State {
        var nextSequence: UInt64 = 1
        var backlog: [SequencedEvent] = []
        var backlogHead = 0
        var history: [SequencedEvent] = []
        var subscribers: [UInt64: Subscriber] = [:]
        var nextSubscriberID: UInt64 = 0
        var pumpWaiter: CheckedContinuation<Void, Never>?
        var drainWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextDrainID: UInt64 = 0
        /// Events newer than everything in `backlog`, waiting on disk.
        var spill: EventSpill?
        var inMemory: Int { backlog.count - backlogHead }
        var pending: Int { inMemory + (spill?.count ?? 0) }
    }

    struct Subscriber {
        var filter: EventFilter
        var continuation: AsyncStream<SequencedEvent>.Continuation
    }

    public let namespace: String
    let configuration: Configuration
    let state = Mutex(State())

    public init(namespace: String, configuration: Configuration = Configuration()) {
        self.namespace = namespace
        self.configuration = configuration
    }

    public func publish(_ event: ShimEvent) {
        let pump: CheckedContinuation<Void, Never>? = state.withLock { state in
            let sequenced = SequencedEvent(
                sequence: state.nextSequence, timestamp: .now(), namespace: namespace, event: event)
            state.nextSequence += 1
            enqueue(sequenced, into: &state)
            state.history.append(sequenced)
            if state.history.count > configuration.historyLimit {
                state.history.removeFirst(state.history.count - configuration.historyLimit)
            }
            for subscriber in state.subscribers.values where subscriber.filter.matches(event) {
                subscriber.continuation.yield(sequenced)
            }
            defer { state.pumpWaiter = nil }
            return state.pumpWaiter
        }
        pump?.resume()
    }

    /// Events published but not yet accepted by the forwarder.
    public var pendingCount: Int { state.withLock { $0.pending } }

    /// Sends every event, in order, to `forwarder` until the task is cancelled.
    public func forward(to forwarder: any EventForwarder) async {
        var backoff = configuration.initialBackoff
        while !Task.isCancelled {
            guard let next = await nextPending() else { return }
            do {
                try await forwarder.forward(next)
                acknowledge(next.sequence)
                backoff = configuration.initialBackoff
            } catch {
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
            }
        }
    }

    /// Returns once the backlog is empty, or after `timeout`; true if it emptied.
    public func drain(timeout: Duration) async -> Bool {
        let waiterID: UInt64 = state.withLock { state in
            state.nextDrainID += 1
            return state.nextDrainID
        }
        // Whichever of "backlog emptied" and "timer fired" removes the waiter resumes it.
        let timer = Task {
            guard await Timers.shared.wait(for: timeout) else { return }
            let waiter = state.withLock { $0.drainWaiters.removeValue(forKey: waiterID) }
            waiter?.resume()
        }
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.pending == 0 { return true }
                state.drainWaiters[waiterID] = continuation
                return false
            }
            if done { continuation.resume() }
        }
        timer.cancel()
        return pendingCount == 0
    }

    private func nextPending() async -> SequencedEvent? {
        while !Task.isCancelled {
            let event: SequencedEvent? = state.withLock { state in
                refill(&state)
                return state.inMemory > 0 ? state.backlog[state.backlogHead] : nil
            }
            if let event { return event }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = state.withLock { state -> Bool in
                        if state.pending > 0 { return true }
                        state.pumpWaiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state in defer { state.pumpWaiter = nil }; return state.pumpWaiter }
                waiter?.resume()
            }
        }
        return nil
    }

    private func acknowledge(_ sequence: UInt64) {
        let drained: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard state.inMemory > 0, state.backlog[state.backlogHead].sequence == sequence else { return [] }
            state.backlogHead += 1
            refill(&state)
            // Compact once the consumed prefix dominates, keeping appends amortised O(1).
            if state.backlogHead > 64 && state.backlogHead * 2 > state.backlog.count {
                state.backlog.removeFirst(state.backlogHead)
                state.backlogHead = 0
            }
            guard state.pending == 0 else { return [] }
            defer { state.drainWaiters.removeAll() }
            return Array(state.drainWaiters.values)
        }
        for waiter in drained { waiter.resume() }
    }

    /// Appends to the in-memory backlog, or to the spill once memory is full (and for as long
    /// as anything is spilled, so order holds). If the spill cannot be written, everything
    /// spilled comes back to memory: memory grows, but no event is lost or reordered.
    private func enqueue(_ event: SequencedEvent, into state: inout State) {
        guard let path = configuration.spillPath, (state.spill?.count ?? 0) > 0 || state.inMemory >= configuration.memoryLimit
        else {
            state.backlog.append(event)
            return
        }
        do {
            if state.spill == nil { state.spill = try EventSpill(path: path) }
            try state.spill?.append(event)
        } catch {
            Log.error("event spill failed; keeping events in memory", ["path": path, "error": error.message])
            if let spill = state.spill { state.backlog += (try? spill.takeOldest(spill.count)) ?? [] }
            state.spill = nil
            state.backlog.append(event)
        }
    }

    /// Moves spilled events back to memory once the backlog has room (half the limit).
    private func refill(_ state: inout State) {
        guard let spill = state.spill, spill.count > 0, state.inMemory <= configuration.memoryLimit / 2 else { return }
        do {
            state.backlog += try spill.takeOldest(max(1, configuration.memoryLimit / 2))
        } catch {
            Log.error("event spill unreadable", ["path": spill.path, "error": error.message, "lost": spill.count])
            state.spill = nil
        }
    }
}
