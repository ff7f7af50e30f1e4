// Standard-stream helpers for Sources/HCSShim/System: the variadic ioctl for window sizes,
// SCM_RIGHTS descriptor passing (CMSG_* are macros), posix_spawn with descriptors placed at
// 3, 4, 5…, pidfd_open (no libc wrapper before glibc 2.36) and splice.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csystem.h"
#include "io_helpers.h"

int csystem_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;
    return ioctl(fd, TIOCSWINSZ, &ws);
}

int csystem_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

int csystem_open_pty(int *master, char *slave_path, size_t slave_path_len) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, slave_path, slave_path_len) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *master = fd;
    return 0;
}

ssize_t csystem_recv_fd(int sock, void *data, size_t len, int *received_fd) {
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = data, .iov_len = len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    memset(control, 0, sizeof control);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    *received_fd = -1;
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0) return -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS
            && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
            // Only one descriptor is expected; any extra ones are closed so none leak.
            size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            int *fds = (int *)CMSG_DATA(c);
            for (size_t i = 0; i < count; i++) {
                if (*received_fd < 0) *received_fd = fds[i]; else close(fds[i]);
            }
        }
    }
    if (msg.msg_flags & MSG_CTRUNC) {
        if (*received_fd >= 0) close(*received_fd);
        *received_fd = -1;
        errno = EMSGSIZE;
        return -1;
    }
    return n;
}

ssize_t csystem_send_fd(int sock, const void *data, size_t len, int fd) {
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    memset(control, 0, sizeof control);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, MSG_NOSIGNAL);
}

int csystem_spawn_with_fds(const char *path, char *const argv[], char *const envp[],
                           const int *fds, int nfds, int *pid_out) {
    int lifted[16];
    if (nfds < 0 || nfds > 16) { errno = EINVAL; return -1; }
    // Lift every source above the target range first, so placing fds[i] at 3+i can never
    // overwrite a source still to be placed; dup2 onto a fresh number also clears CLOEXEC.
    int lifted_count = 0;
    int rc = 0;
    for (int i = 0; i < nfds; i++) {
        lifted[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3 + nfds);
        if (lifted[i] < 0) { rc = errno; goto out; }
        lifted_count++;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    for (int std = 0; std < 3; std++) {
        posix_spawn_file_actions_addopen(&actions, std, "/dev/null", std == 0 ? O_RDONLY : O_WRONLY, 0);
    }
    for (int i = 0; i < nfds; i++) {
        posix_spawn_file_actions_adddup2(&actions, lifted[i], 3 + i);
    }
    // The shim ignores SIGPIPE and may block signals for signalfd; the logger starts clean.
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    rc = posix_spawn(&pid, path, &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc == 0) *pid_out = pid;
out:
    for (int i = 0; i < lifted_count; i++) close(lifted[i]);
    if (rc != 0) { errno = rc; return -1; }
    return 0;
}

int csystem_pidfd_open(int pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

ssize_t csystem_splice(int from, int to, size_t len) {
    return splice(from, NULL, to, NULL, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
}

int csystem_dup3(int from, int to, int flags) {
    return dup3(from, to, flags);
}

int csystem_decode_wait_status_io(int status, int *code) {
    if (WIFEXITED(status)) { *code = WEXITSTATUS(status); return 1; }
    if (WIFSIGNALED(status)) { *code = WTERMSIG(status); return 2; }
    return 0;
}


