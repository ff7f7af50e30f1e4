#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Turns the calling thread's `errno` into a classified `ShimError`.
///
/// The classes follow containerd's errdefs: ENOENT/ESRCH → notFound, EEXIST → alreadyExists,
/// EINVAL/ENAMETOOLONG → invalidArgument, EACCES/EPERM → permissionDenied, EMFILE/ENFILE/ENOMEM
/// → resourceExhausted, EPIPE/ECONNRESET/ENOTCONN → unavailable, ELOOP (a symlink met by
/// `O_NOFOLLOW`) → failedPrecondition; anything else → unknown.
func errnoError(_ operation: String, _ code: Int32 = errno) -> ShimError {
    let text = String(cString: strerror(code))
    let message = "\(operation): \(text)"
    switch code {
    case ENOENT, ESRCH: return ShimError(.notFound, message)
    case EEXIST: return ShimError(.alreadyExists, message)
    case EINVAL, ENAMETOOLONG, EBADF: return ShimError(.invalidArgument, message)
    case EACCES, EPERM: return ShimError(.permissionDenied, message)
    case EMFILE, ENFILE, ENOMEM, ENOSPC: return ShimError(.resourceExhausted, message)
    case EPIPE, ECONNRESET, ENOTCONN, ECONNREFUSED: return ShimError(.unavailable, message)
    case ETIMEDOUT: return ShimError(.deadlineExceeded, message)
    case ELOOP: return ShimError(.failedPrecondition, message)
    default: return ShimError(.unknown, message)
    }
}

/// Runs a syscall, retrying while it fails with EINTR. Returns the result or throws the
/// classified errno. The corresponding C convention is "-1 and errno".
@inline(__always)
func retryingInterrupts<R: BinaryInteger>(
    _ operation: @autoclosure () -> String, _ body: () -> R
) throws(ShimError) -> R {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw errnoError(operation(), code)
    }
}
