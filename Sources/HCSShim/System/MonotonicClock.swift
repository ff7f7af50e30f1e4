#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC in nanoseconds: the clock of the executor's condition variables and of the
/// timers' timerfd, so deadlines computed here mean the same to both.
enum MonotonicClock {
    static func now() -> UInt64 {
        var time = Glibc.timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// `nanoseconds` after now, saturating.
    static func deadline(after duration: Duration?) -> UInt64 {
        let (sum, overflow) = now().addingReportingOverflow(nanoseconds(duration))
        return overflow ? .max : sum
    }

    /// A non-negative duration in nanoseconds (negative, or nil: 0; beyond UInt64: max).
    static func nanoseconds(_ duration: Duration?) -> UInt64 {
        guard let (seconds, attoseconds) = duration?.components, seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }

    static func timespec(at nanoseconds: UInt64) -> Glibc.timespec {
        Glibc.timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}
