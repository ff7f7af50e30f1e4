#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "csystem.h"

int csystem_set_child_subreaper(void) {
#ifdef __linux__
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    return -1;
#endif
}

int csystem_pipe2(int fds[2], int flags) {
    return pipe2(fds, flags);
}
