/* The C core's lifetime and the threads that poll completion queues. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

void cgrpc_signals_block(cgrpc_signal_guard *guard) {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &guard->saved);
}

void cgrpc_signals_restore(const cgrpc_signal_guard *guard) {
    pthread_sigmask(SIG_SETMASK, &guard->saved, NULL);
}

int cgrpc_runtime_acquire(void) {
    if (cgrpc_core_load() != 0) return -1;
    SIGNALS_BLOCKED(CORE(grpc_init)());
    return 0;
}

void cgrpc_runtime_release(void) { SIGNALS_BLOCKED(CORE(grpc_shutdown)()); }

const char *cgrpc_runtime_version(void) {
    return cgrpc_core_load() == 0 ? CORE(grpc_version_string)() : NULL;
}

struct thread_start {
    void (*body)(void *);
    void *context;
    char name[16];
};

static void *thread_main(void *argument) {
    struct thread_start start = *(struct thread_start *)argument;
    free(argument);
    pthread_setname_np(pthread_self(), start.name);
    start.body(start.context);
    return NULL;
}

int cgrpc_thread_start(const char *name, void (*body)(void *), void *context) {
    struct thread_start *start = calloc(1, sizeof *start);
    if (start == NULL) return ENOMEM;
    start->body = body;
    start->context = context;
    strncpy(start->name, name, sizeof start->name - 1);

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    cgrpc_signal_guard guard;
    cgrpc_signals_block(&guard);
    int error = pthread_create(&thread, &attributes, thread_main, start);
    cgrpc_signals_restore(&guard);
    pthread_attr_destroy(&attributes);
    if (error != 0) free(start);
    return error;
}

void cgrpc_fd_close(int fd) {
    if (fd >= 0) close(fd);
}

static atomic_long live_handles[CGRPC_HANDLE_BATCH + 1];

void cgrpc_handles_count(cgrpc_handle_kind kind, long delta) {
    atomic_fetch_add_explicit(&live_handles[kind], delta, memory_order_relaxed);
}

long cgrpc_handles_live(cgrpc_handle_kind kind) {
    return atomic_load_explicit(&live_handles[kind], memory_order_relaxed);
}
