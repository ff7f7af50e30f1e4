/* Completion queues of the "next" kind, polled by one dedicated thread each. */
#include <stdlib.h>

#include "internal.h"

cgrpc_completion_queue *cgrpc_completion_queue_create(void) {
    cgrpc_completion_queue *cq = calloc(1, sizeof *cq);
    if (cq == NULL) return NULL;
    SIGNALS_BLOCKED(cq->queue = CORE(grpc_completion_queue_create_for_next)(NULL));
    cgrpc_handles_count(CGRPC_HANDLE_QUEUE, 1);
    return cq;
}

cgrpc_event_kind cgrpc_completion_queue_next(cgrpc_completion_queue *cq, int64_t timeout_ms,
                                             intptr_t *tag, int *success) {
    gpr_timespec deadline = CORE(gpr_time_add)(CORE(gpr_now)(GPR_CLOCK_MONOTONIC),
                                         CORE(gpr_time_from_millis)(timeout_ms, GPR_TIMESPAN));
    grpc_event event = CORE(grpc_completion_queue_next)(cq->queue, deadline, NULL);
    *tag = 0;
    *success = 0;
    switch (event.type) {
    case GRPC_OP_COMPLETE:
        *tag = (intptr_t)event.tag;
        *success = event.success;
        return CGRPC_EVENT_COMPLETE;
    case GRPC_QUEUE_SHUTDOWN:
        return CGRPC_EVENT_SHUTDOWN;
    case GRPC_QUEUE_TIMEOUT:
        return CGRPC_EVENT_TIMEOUT;
    }
    return CGRPC_EVENT_TIMEOUT;
}

void cgrpc_completion_queue_shutdown(cgrpc_completion_queue *cq) {
    SIGNALS_BLOCKED(CORE(grpc_completion_queue_shutdown)(cq->queue));
}

void cgrpc_completion_queue_destroy(cgrpc_completion_queue *cq) {
    SIGNALS_BLOCKED(CORE(grpc_completion_queue_destroy)(cq->queue));
    free(cq);
    cgrpc_handles_count(CGRPC_HANDLE_QUEUE, -1);
}
