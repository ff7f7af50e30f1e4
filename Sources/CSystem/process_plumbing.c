// Helpers for the reaper, the process spawner and the mount/cgroup code of the runc backend:
// calls hidden behind _GNU_SOURCE in the Glibc module, macro-only wait-status decoding,
// signal-mask setup and the async-signal-safe SIGCHLD handler (C: Swift code is not signal-safe).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csystem.h"

int csystem_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int csystem_pidfd_send_signal(int pidfd, int signal) {
#ifdef SYS_pidfd_send_signal
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int csystem_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int lowfd) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowfd);
}

int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

static volatile int sigchld_notify_fd = -1;
static struct sigaction previous_sigchld_action;

static void sigchld_handler(int signo, siginfo_t *info, void *context) {
    int saved = errno;
    int fd = sigchld_notify_fd;
    if (fd >= 0) {
        char byte = 1;
        // EAGAIN (pipe full) is fine: one pending byte is enough to wake the reaper.
        ssize_t ignored = write(fd, &byte, 1);
        (void)ignored;
    }
    if (previous_sigchld_action.sa_flags & SA_SIGINFO) {
        if (previous_sigchld_action.sa_sigaction) previous_sigchld_action.sa_sigaction(signo, info, context);
    } else if (previous_sigchld_action.sa_handler != SIG_DFL && previous_sigchld_action.sa_handler != SIG_IGN) {
        previous_sigchld_action.sa_handler(signo);
    }
    errno = saved;
}

int csystem_install_sigchld_notifier(int fd) {
    sigchld_notify_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = sigchld_handler;
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP | SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGCHLD, &action, &previous_sigchld_action);
}

void csystem_park_thread(void) {
    for (;;) pause();
}

int csystem_ignore_sigpipe(void) {
    return signal(SIGPIPE, SIG_IGN) == SIG_ERR ? -1 : 0;
}

int csystem_block_sigchld(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int csystem_sigchld_signalfd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int csystem_decode_wait_status(int status, int *code) {
    if (WIFEXITED(status)) { *code = WEXITSTATUS(status); return 1; }
    if (WIFSIGNALED(status)) { *code = WTERMSIG(status); return 2; }
    return 0;
}

int csystem_spawnattr_prepare(posix_spawnattr_t *attr, int new_process_group) {
    sigset_t empty, defaults;
    sigemptyset(&empty);
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
    int rc;
    if ((rc = posix_spawnattr_setsigmask(attr, &empty)) != 0) return rc;
    if ((rc = posix_spawnattr_setsigdefault(attr, &defaults)) != 0) return rc;
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_process_group) {
        flags |= POSIX_SPAWN_SETPGROUP;
        if ((rc = posix_spawnattr_setpgroup(attr, 0)) != 0) return rc;
    }
    return posix_spawnattr_setflags(attr, flags);
}

struct mount_at_request {
    const char *directory, *source, *target, *type, *data;
    unsigned long flags;
    int result;
};

static void *mount_at_thread(void *raw) {
    struct mount_at_request *request = raw;
    if (unshare(CLONE_FS) != 0 || chdir(request->directory) != 0) {
        request->result = errno;
        return NULL;
    }
    request->result = mount(request->source, request->target, request->type, request->flags, request->data) == 0 ? 0 : errno;
    return NULL;
}

int csystem_mount_at(const char *directory, const char *source, const char *target,
                     const char *type, unsigned long flags, const char *data) {
    struct mount_at_request request = { directory, source, target, type, data, flags, 0 };
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, mount_at_thread, &request);
    if (rc != 0) return rc;
    pthread_join(thread, NULL);
    return request.result;
}
