import Synchronization

/// Routes HCS notification callbacks to the tasks waiting for them. Platform-neutral (and tested
/// on Linux); the Windows binding's C callback feeds it.
///
/// Every registered system or process handle gets a context number, passed to HCS as the
/// callback context; the C callback (`vmcomputeNotificationCallback`) can capture nothing, so it
/// finds the waiters here. A notification that arrives before anyone waits is kept for the next
/// waiter. HCS calls the callback on its own threads; all state is behind one mutex, which is
/// never held while a continuation resumes.
final class HCSNotificationTable: Sendable {
    static let shared = HCSNotificationTable()

    struct Notification: Sendable {
        var type: UInt32
        var status: Int32
        var data: String
    }

    static let systemExited: UInt32 = 0x0000_0001
    static let systemCreateCompleted: UInt32 = 0x0000_0002
    static let systemStartCompleted: UInt32 = 0x0000_0003
    static let processExited: UInt32 = 0x0001_0000
    static let serviceDisconnect: UInt32 = 0x0100_0000
    /// Not an HCS value: delivered by our own timer when a wait times out.
    static let timedOut: UInt32 = 0xFFFF_FFFF

    private struct Slot {
        var arrived: [Notification] = []
        var waiter: (types: Set<UInt32>, continuation: CheckedContinuation<Notification, Never>)?
    }
    private struct State {
        var nextContext: UInt = 1
        var slots: [UInt: Slot] = [:]
    }
    private let state = Mutex(State())

    func allocate() -> UInt {
        state.withLock { state in
            defer { state.nextContext += 1 }
            state.slots[state.nextContext] = Slot()
            return state.nextContext
        }
    }

    /// Forgets `context`; a task still waiting on it gets a service disconnect, so closing a
    /// handle never strands a waiter.
    func release(_ context: UInt) {
        let waiter = state.withLock { $0.slots.removeValue(forKey: context)?.waiter?.continuation }
        waiter?.resume(returning: Notification(type: HCSNotificationTable.serviceDisconnect, status: 0, data: "handle closed"))
    }

    func deliver(context: UInt, _ notification: Notification) {
        let continuation = state.withLock { state -> CheckedContinuation<Notification, Never>? in
            guard var slot = state.slots[context] else { return nil }
            defer { state.slots[context] = slot }
            if let waiter = slot.waiter, waiter.types.contains(notification.type) {
                slot.waiter = nil
                return waiter.continuation
            }
            // A timer firing after its wait ended is stale.
            if notification.type != HCSNotificationTable.timedOut { slot.arrived.append(notification) }
            return nil
        }
        continuation?.resume(returning: notification)
    }

    /// The next notification of one of `types` (or a service disconnect) for `context`; nil when
    /// `timeoutMilliseconds` (`UInt32.max` = forever) passes first.
    func next(context: UInt, oneOf types: Set<UInt32>, timeoutMilliseconds: UInt32) async -> Notification? {
        let wanted = types.union([HCSNotificationTable.serviceDisconnect, HCSNotificationTable.timedOut])
        let timer: Task<Void, Never>? = timeoutMilliseconds == UInt32.max ? nil : Task {
            guard await Timers.shared.wait(for: .milliseconds(Int64(timeoutMilliseconds))) else { return }
            self.deliver(context: context, Notification(type: HCSNotificationTable.timedOut, status: 0, data: ""))
        }
        defer { timer?.cancel() }
        let notification = await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Notification? in
                guard var slot = state.slots[context] else {
                    return Notification(type: HCSNotificationTable.serviceDisconnect, status: 0, data: "")
                }
                defer { state.slots[context] = slot }
                if let index = slot.arrived.firstIndex(where: { wanted.contains($0.type) }) {
                    return slot.arrived.remove(at: index)
                }
                slot.waiter = (wanted, continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        return notification.type == HCSNotificationTable.timedOut ? nil : notification
    }
}
