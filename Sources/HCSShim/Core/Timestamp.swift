/// A wall-clock instant as protobuf's `google.protobuf.Timestamp` carries it.
public struct Timestamp: Sendable, Equatable, Comparable, Hashable {
    public var seconds: Int64
    public var nanos: Int32

    public init(seconds: Int64, nanos: Int32) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// The current real-time clock (`CLOCK_REALTIME`, read through the System fence).
    public static func now() -> Timestamp {
        let (seconds, nanos) = SystemClock.realtime()
        return Timestamp(seconds: seconds, nanos: nanos)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }
}
