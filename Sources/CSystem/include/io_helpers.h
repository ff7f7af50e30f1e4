// Standard-stream helpers (io_helpers.c) for Sources/HCSShim/System: window sizes, pty
// pairs, SCM_RIGHTS descriptor passing, spawning a logger with descriptors at 3, 4, 5,
// pidfd_open and splice. Kept apart from csystem.h so the two can grow without conflicts;
// the target's include directory is its umbrella, so both are part of module CSystem.
#ifndef CSYSTEM_IO_HELPERS_H
#define CSYSTEM_IO_HELPERS_H

#include <stddef.h>
#include <sys/types.h>

/// The corresponding C call is `ioctl(fd, TIOCSWINSZ, &ws)`; returns 0 or -1 with errno.
int csystem_set_winsize(int fd, unsigned short rows, unsigned short cols);

/// The corresponding C call is `ioctl(fd, TIOCGWINSZ, &ws)`; returns 0 or -1 with errno.
int csystem_get_winsize(int fd, unsigned short *rows, unsigned short *cols);

/// `posix_openpt` + `grantpt` + `unlockpt` + `ptsname_r`: a new pty master (close-on-exec) and
/// its slave's path. Returns 0 or -1 with errno.
int csystem_open_pty(int *master, char *slave_path, size_t slave_path_len);

/// `recvmsg` of up to `len` bytes plus at most one SCM_RIGHTS descriptor (received
/// close-on-exec; -1 in `*received_fd` if none). Returns the byte count or -1 with errno.
ssize_t csystem_recv_fd(int sock, void *data, size_t len, int *received_fd);

/// `sendmsg` of `len` bytes with `fd` attached as SCM_RIGHTS. Returns the byte count or -1.
ssize_t csystem_send_fd(int sock, const void *data, size_t len, int fd);

/// `posix_spawn` of `path` with stdin/stdout/stderr on /dev/null, `fds[i]` placed at fd 3+i
/// (at most 16), an empty signal mask and default dispositions. Returns 0 or -1 with errno.
int csystem_spawn_with_fds(const char *path, char *const argv[], char *const envp[],
                           const int *fds, int nfds, int *pid_out);

/// The corresponding C call is the `pidfd_open(pid, 0)` syscall; returns a pidfd or -1.
int csystem_pidfd_open(int pid);

/// `splice(from, NULL, to, NULL, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK)`; one side must be
/// a pipe. Returns the byte count, 0 at end of input, or -1 with errno (EAGAIN: either side).
ssize_t csystem_splice(int from, int to, size_t len);

/// The corresponding C call is `dup3(from, to, flags)` (a GNU extension the Glibc module hides).
int csystem_dup3(int from, int to, int flags);

/// Decodes a wait status: 1 and the exit code, 2 and the signal number, or 0 (stop/continue).
int csystem_decode_wait_status_io(int status, int *code);

// csystem_accept_nonblocking (accept4 with SOCK_CLOEXEC | SOCK_NONBLOCK) is in socket_helpers.c.

#endif
