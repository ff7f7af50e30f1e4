import CSystem

/// Makes this process the "child subreaper" for its descendants (`PR_SET_CHILD_SUBREAPER`).
///
/// The runtime CLI forks the container's init and exits; without a subreaper the orphaned init
/// would be re-parented to pid 1 and the shim could never `wait` for it. With it, every
/// orphaned descendant becomes the shim's child and its exit reaches the `Reaper`.
public enum Subreaper {
    /// Enables subreaping for the calling process. Idempotent. Throws `.permissionDenied` or
    /// `.invalidArgument` (kernel without the feature) from the errno.
    public static func enable() throws(ShimError) {
        _ = try retryingInterrupts("prctl PR_SET_CHILD_SUBREAPER") { csystem_set_child_subreaper() }
    }
}
