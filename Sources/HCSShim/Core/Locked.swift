import Synchronization

/// A value behind a mutex, in a class so it can be stored in `Sendable` classes and captured
/// by closures. Never hold it across an `await`.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    public var value: Value {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R where R: Sendable {
        try mutex.withLock { try body(&$0) }
    }
}
