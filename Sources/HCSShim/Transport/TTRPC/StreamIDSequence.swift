/// The client stream ids a server has seen on one connection: odd and strictly increasing,
/// as ttrpc 1.2 requires. Pure; the connection owns one.
struct StreamIDSequence {
    private(set) var last: UInt32 = 0

    /// nil if `id` may open a new stream (and records it); otherwise the error to answer on it.
    mutating func admit(_ id: UInt32) -> ShimError? {
        guard id % 2 == 1 else {
            return .invalidArgument("StreamID must be odd for client initiated streams")
        }
        guard id > last else {
            return .invalidArgument("StreamID cannot be re-used and must increment")
        }
        last = id
        return nil
    }
}
