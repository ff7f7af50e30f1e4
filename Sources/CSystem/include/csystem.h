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

#endif
