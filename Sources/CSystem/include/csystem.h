// CSystem: the few Linux interfaces Swift cannot reach through Glibc alone — headers the
// Glibc module map leaves out (epoll, signalfd, prctl) and variadic or macro-only calls.
// Only Sources/HCSShim/System/ imports this module.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#ifdef __linux__
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <spawn.h>
#endif

/// The corresponding C call is `prctl(PR_SET_CHILD_SUBREAPER, 1)`; returns 0 or -1 with errno.
int csystem_set_child_subreaper(void);

/// The corresponding C call is `pipe2(fds, flags)` (a GNU extension the Glibc module hides).
int csystem_pipe2(int fds[2], int flags);

// socket_helpers.c: unix sockets (accept4 and struct ucred need _GNU_SOURCE; sockaddr_un).
// Each returns what the syscall returns: -1 with errno on failure.
#include <stdint.h>
int csystem_accept_nonblocking(int listener);
int csystem_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid);
int csystem_unix_bind(int fd, const char *path);
int csystem_unix_connect(int fd, const char *path);

#endif
