/* Opening the gRPC C core on first use: see core.h for why it is not linked. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "internal.h"

/* The core's soname for the libgrpc-dev these headers come from (Debian 12: libgrpc29, gRPC
 * 1.51); a build against another release passes -Xcc -DCGRPC_CORE_SONAME='"libgrpc.so.N"'.
 * The unversioned name, present where libgrpc-dev is installed, is the fallback: it names the
 * library the headers describe. */
#ifndef CGRPC_CORE_SONAME
#define CGRPC_CORE_SONAME "libgrpc.so.29"
#endif

struct cgrpc_core_table cgrpc_core;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_result = -1;
static char load_error[256] = "not loaded";

static void load(void) {
    const char *names[] = {CGRPC_CORE_SONAME, "libgrpc.so"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        /* RTLD_LOCAL: the core's symbols stay out of the global scope; libgpr comes with it
         * as a dependency, and dlsym on the handle searches dependencies too. */
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library == NULL) snprintf(load_error, sizeof load_error, "%s", dlerror());
    }
    if (library == NULL) return;
#define CGRPC_CORE_RESOLVE(name)                                                        \
    if ((cgrpc_core.name = (__typeof__(name) *)dlsym(library, #name)) == NULL) {        \
        snprintf(load_error, sizeof load_error, "gRPC core lacks %s", #name);       \
        return;                                                                         \
    }
    CGRPC_CORE_FUNCTIONS(CGRPC_CORE_RESOLVE)
#undef CGRPC_CORE_RESOLVE
    load_error[0] = '\0';
    load_result = 0;
}

int cgrpc_core_load(void) {
    /* The library's constructors run here; whatever threads they might start must inherit a
     * mask that blocks every signal (internal.h). */
    SIGNALS_BLOCKED(pthread_once(&load_once, load));
    return load_result;
}

const char *cgrpc_runtime_error(void) { return load_error; }
