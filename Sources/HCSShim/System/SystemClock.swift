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

    /// Nanoseconds on `CLOCK_MONOTONIC`, for deadlines and backoff.
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
