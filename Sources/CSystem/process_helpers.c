#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include "csystem.h"

int csystem_set_child_subreaper(void) {
#ifdef __linux__
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#else
    return -1;
#endif
}

int csystem_set_thread_name(const char *name) {
#ifdef __linux__
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
#else
    return -1;
#endif
}

int csystem_pipe2(int fds[2], int flags) {
    return pipe2(fds, flags);
}

int csystem_timerfd_create(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
}

int csystem_timerfd_arm(int fd, int64_t seconds, int64_t nanoseconds) {
    struct itimerspec setting = {0};
    setting.it_value.tv_sec = (time_t)seconds;
    setting.it_value.tv_nsec = (long)nanoseconds;
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &setting, NULL);
}

int csystem_single_malloc_arena(void) {
    return mallopt(M_ARENA_MAX, 1) == 1 ? 0 : -1;
}

int csystem_release_free_heap(void) {
    return malloc_trim(0);
}
