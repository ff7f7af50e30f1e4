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

/// The corresponding C call is `prctl(PR_SET_NAME, name)`: names the calling thread (15 bytes
/// kept); returns 0 or -1 with errno.
int csystem_set_thread_name(const char *name);

/// The corresponding C call is `timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK)`;
/// returns the descriptor or -1 with errno.
int csystem_timerfd_create(void);

/// The corresponding C call is `mallopt(M_ARENA_MAX, 1)`: every thread allocates from the main
/// arena. Returns 0, or -1 if glibc refused.
int csystem_single_malloc_arena(void);

/// The corresponding C call is `malloc_trim(0)`: free pages anywhere in the heap, not only at
/// its top, go back to the kernel. Returns 1 if memory was released, else 0.
int csystem_release_free_heap(void);

/// The corresponding C call is `timerfd_settime(fd, TFD_TIMER_ABSTIME, ...)` for a one-shot
/// expiry at CLOCK_MONOTONIC seconds/nanoseconds; 0/0 disarms. Returns 0 or -1 with errno.
int csystem_timerfd_arm(int fd, int64_t seconds, int64_t nanoseconds);

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

// ---- Process plumbing for the reaper, the spawner, mounts and cgroup events (runc backend).
#ifdef __linux__
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <signal.h>
#endif

/// The corresponding C call is `posix_spawn_file_actions_addclosefrom_np(actions, lowfd)`
/// (glibc ≥ 2.34, hidden behind _GNU_SOURCE): the child closes every fd ≥ `lowfd`.
int csystem_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd);

/// The corresponding C call is `posix_spawn_file_actions_addchdir_np(actions, path)`.
int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Ignores SIGPIPE for the whole process (`signal(SIGPIPE, SIG_IGN)`); returns 0 or -1.
int csystem_ignore_sigpipe(void);

/// Blocks SIGCHLD in the calling thread (`pthread_sigmask(SIG_BLOCK)`); threads created after
/// inherit the mask. Returns 0 or an errno value.
int csystem_block_sigchld(void);

/// Opens a non-blocking, close-on-exec signalfd for SIGCHLD. Returns the fd or -1 with errno.
int csystem_sigchld_signalfd(void);

/// Decodes a wait status: returns 1 and sets `*code` for a normal exit, 2 and sets `*code` to
/// the signal number for a kill by signal, 0 for anything else (stop/continue).
int csystem_decode_wait_status(int status, int *code);

/// The corresponding C call is `syscall(SYS_pidfd_open, pid, 0)` (Linux 5.3+; no glibc
/// wrapper before 2.36's headers): a close-on-exec descriptor for the process now holding
/// `pid`. Returns it, or -1 with errno (ESRCH: no such process; ENOSYS: no pidfd support).
int csystem_pidfd_open(int pid);

/// The corresponding C call is `syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0)`:
/// signals exactly the process the descriptor refers to (ESRCH once it has been reaped).
/// Returns 0 or -1 with errno.
int csystem_pidfd_send_signal(int pidfd, int signal);

/// Fills the posix_spawn attributes every child of the shim gets: an empty signal mask
/// (POSIX_SPAWN_SETSIGMASK), default dispositions for all catchable signals
/// (POSIX_SPAWN_SETSIGDEF) and optionally a new process group (POSIX_SPAWN_SETPGROUP, pgid 0).
int csystem_spawnattr_prepare(posix_spawnattr_t *attr, int new_process_group);

// ---- shim_helpers.c: the composition root's process-level calls.
/// Blocks SIGTERM, SIGINT and SIGUSR1 in the calling thread (threads created later inherit the
/// mask) and returns a non-blocking, close-on-exec signalfd for them, or -1 with errno.
int csystem_termination_signalfd(void);
/// Reads one `signalfd_siginfo` and returns its signal number, or -1 (EAGAIN when none).
int csystem_read_signalfd(int fd);

/// Installs a SIGCHLD handler (SA_RESTART|SA_NOCLDSTOP) that writes one byte to `fd`, a
/// non-blocking pipe write end, and then calls any handler installed before it. It catches the
/// SIGCHLDs a signalfd misses: those delivered to a thread whose mask lets SIGCHLD through
/// (libdispatch parks an async `main` thread in `sigsuspend` with an empty mask). Returns 0 or
/// -1 with errno.
int csystem_install_sigchld_notifier(int fd);

/// Blocks the calling thread forever in `pause()`, keeping its signal mask (for a `main`
/// thread that must not take process-directed signals away from signalfds).
void csystem_park_thread(void) __attribute__((noreturn));

/// `mount(2)` run on a short-lived thread that first leaves the process's shared filesystem
/// context (`unshare(CLONE_FS)`) and `chdir`s to `directory`, so relative paths in `data`
/// resolve there without changing the process's working directory (containerd's `mountAt`,
/// used for overlay lowerdirs longer than a page). Returns 0 or an errno value.
int csystem_mount_at(const char *directory, const char *source, const char *target,
                     const char *type, unsigned long flags, const char *data);
