#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Clock reads. The corresponding C function is `clock_gettime`.
enum SystemClock {
    /// Seconds and nanoseconds since the Unix epoch (`CLOCK_REALTIME`).
    static func realtime() -> (seconds: Int64, nanos: Int32) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int32(spec.tv_nsec))
    }

    /// Nanoseconds on `CLOCK_MONOTONIC`, for deadlines and backoff: the clock of the executor's
    /// condition variables and of the timers' timerfd.
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The `CLOCK_MONOTONIC` deadline `duration` from now, saturating.
    static func monotonicDeadline(after duration: Duration?) -> UInt64 {
        let (sum, overflow) = monotonicNanos().addingReportingOverflow(nanoseconds(duration))
        return overflow ? .max : sum
    }

    /// A non-negative duration in nanoseconds (negative, or nil: 0; beyond UInt64: max).
    static func nanoseconds(_ duration: Duration?) -> UInt64 {
        guard let (seconds, attoseconds) = duration?.components, seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }

    /// A nanosecond count as a `timespec`.
    static func timeSpec(nanoseconds: UInt64) -> timespec {
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}
