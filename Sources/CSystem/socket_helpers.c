// Socket calls Swift's Glibc module does not expose: accept4 and struct ucred need
// _GNU_SOURCE, and sockaddr_un is easier to fill in C. Each returns what the syscall returns
// (-1 with errno set on failure), so the Swift side classifies errno in one place.
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "csystem.h"

int csystem_accept_nonblocking(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int csystem_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid) {
    struct ucred cred;
    socklen_t length = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) return -1;
    *pid = cred.pid;
    *uid = cred.uid;
    *gid = cred.gid;
    return 0;
}

// Fills a pathname sockaddr_un. An empty path (which would be Linux's abstract namespace) and
// a path that does not fit sun_path are refused with EINVAL / ENAMETOOLONG.
static int fill_unix_address(struct sockaddr_un *address, const char *path) {
    size_t length = strlen(path);
    if (length == 0) { errno = EINVAL; return -1; }
    if (length >= sizeof(address->sun_path)) { errno = ENAMETOOLONG; return -1; }
    memset(address, 0, sizeof(*address));
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path, path, length + 1);
    return 0;
}

int csystem_unix_bind(int fd, const char *path) {
    struct sockaddr_un address;
    if (fill_unix_address(&address, path) != 0) return -1;
    return bind(fd, (const struct sockaddr *)&address, sizeof(address));
}

int csystem_unix_connect(int fd, const char *path) {
    struct sockaddr_un address;
    if (fill_unix_address(&address, path) != 0) return -1;
    return connect(fd, (const struct sockaddr *)&address, sizeof(address));
}
