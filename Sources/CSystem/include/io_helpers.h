// Standard-stream helpers (io_helpers.c) for Sources/HCSShim/System: window sizes, pty
// pairs, SCM_RIGHTS descriptor passing, and dup3. Kept apart from csystem.h so the two
// can grow without conflicts; the include directory is the target's umbrella, so both headers
// are part of module CSystem.
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

/// The corresponding C call is `dup3(from, to, flags)` (a GNU extension the Glibc module hides).
int csystem_dup3(int from, int to, int flags);

// csystem_accept_nonblocking (accept4 with SOCK_CLOEXEC | SOCK_NONBLOCK) is in socket_helpers.c.

#endif
