#if canImport(Glibc)
import Glibc
#endif

/// Counts of this test process's descriptors and threads, for leak checks.
///
/// Swift Testing runs suites in parallel inside one process, so a whole-process count moves
/// with whatever other tests open at the same moment. A leak check therefore repeats the
/// operation under test many times and allows less growth than one leaked descriptor per
/// repetition would cause: a real leak fails it, another test's short-lived socket does not.
enum ProcessCensus {
    /// Entries of /proc/self/fd (the directory stream's own descriptor included).
    static func openDescriptorCount() -> Int { entries(of: "/proc/self/fd") }

    /// Entries of /proc/self/task.
    static func threadCount() -> Int { entries(of: "/proc/self/task") }

    /// Polls for up to `timeout` until at most `limit` descriptors are open (closing is often
    /// asynchronous: an event-loop turn, a reaped child); returns the last count seen.
    static func descriptorsSettle(atMost limit: Int, timeout: Duration = .seconds(3)) async -> Int {
        let deadline = ContinuousClock.now + timeout
        var count = openDescriptorCount()
        while count > limit, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            count = openDescriptorCount()
        }
        return count
    }

    private static func entries(of path: String) -> Int {
        guard let dir = opendir(path) else { return -1 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return count
    }
}
