/* Client channels over insecure transports (the shim talks over unix sockets only). */
#include <stdlib.h>

#include "internal.h"

cgrpc_channel *cgrpc_channel_create_insecure(const char *target) {
    cgrpc_channel *channel = calloc(1, sizeof *channel);
    if (channel == NULL) return NULL;
    grpc_channel_credentials *credentials = CORE(grpc_insecure_credentials_create)();
    SIGNALS_BLOCKED(channel->channel = CORE(grpc_channel_create)(target, credentials, NULL));
    CORE(grpc_channel_credentials_release)(credentials);
    cgrpc_handles_count(CGRPC_HANDLE_CHANNEL, 1);
    return channel;
}

void cgrpc_channel_destroy(cgrpc_channel *channel) {
    SIGNALS_BLOCKED(CORE(grpc_channel_destroy)(channel->channel));
    free(channel);
    cgrpc_handles_count(CGRPC_HANDLE_CHANNEL, -1);
}

cgrpc_call *cgrpc_channel_create_call(cgrpc_channel *channel, cgrpc_completion_queue *cq,
                                      const char *method, int64_t timeout_nanos) {
    cgrpc_call *call = calloc(1, sizeof *call);
    if (call == NULL) return NULL;
    CORE(grpc_call_details_init)(&call->details);
    CORE(grpc_metadata_array_init)(&call->request_metadata);
    cgrpc_handles_count(CGRPC_HANDLE_CALL, 1);
    gpr_timespec deadline = timeout_nanos < 0
        ? CORE(gpr_inf_future)(GPR_CLOCK_REALTIME)
        : CORE(gpr_time_add)(CORE(gpr_now)(GPR_CLOCK_MONOTONIC),
                       CORE(gpr_time_from_nanos)(timeout_nanos, GPR_TIMESPAN));
    grpc_slice method_slice = CORE(grpc_slice_from_copied_string)(method);
    SIGNALS_BLOCKED(call->call = CORE(grpc_channel_create_call)(channel->channel, NULL,
                                                          GRPC_PROPAGATE_DEFAULTS, cq->queue,
                                                          method_slice, NULL, deadline, NULL));
    CORE(grpc_slice_unref)(method_slice);
    if (call->call == NULL) {
        cgrpc_call_destroy(call);
        return NULL;
    }
    return call;
}
