/* Calls: starting batches, cancelling, and the details of an incoming call. */
#include <stdlib.h>

#include "internal.h"

int cgrpc_call_start_batch(cgrpc_call *call, cgrpc_batch *batch, intptr_t tag) {
    if (call->call == NULL) return GRPC_CALL_ERROR;
    grpc_call_error error = GRPC_CALL_OK;
    SIGNALS_BLOCKED(error = CORE(grpc_call_start_batch)(call->call, batch->ops, batch->count, (void *)tag, NULL));
    return error;
}

void cgrpc_call_cancel(cgrpc_call *call) {
    if (call->call != NULL) SIGNALS_BLOCKED(CORE(grpc_call_cancel)(call->call, NULL));
}

void cgrpc_call_destroy(cgrpc_call *call) {
    if (call->call != NULL) SIGNALS_BLOCKED(CORE(grpc_call_unref)(call->call));
    CORE(grpc_call_details_destroy)(&call->details);
    CORE(grpc_metadata_array_destroy)(&call->request_metadata);
    free(call);
    cgrpc_handles_count(CGRPC_HANDLE_CALL, -1);
}

const uint8_t *cgrpc_call_method(const cgrpc_call *call, size_t *length) {
    *length = GRPC_SLICE_LENGTH(call->details.method);
    return GRPC_SLICE_START_PTR(call->details.method);
}

size_t cgrpc_call_metadata_count(const cgrpc_call *call) { return call->request_metadata.count; }

const uint8_t *cgrpc_call_metadata_key(const cgrpc_call *call, size_t index, size_t *length) {
    if (index >= call->request_metadata.count) {
        *length = 0;
        return NULL;
    }
    *length = GRPC_SLICE_LENGTH(call->request_metadata.metadata[index].key);
    return GRPC_SLICE_START_PTR(call->request_metadata.metadata[index].key);
}

const uint8_t *cgrpc_call_metadata_value(const cgrpc_call *call, size_t index, size_t *length) {
    if (index >= call->request_metadata.count) {
        *length = 0;
        return NULL;
    }
    *length = GRPC_SLICE_LENGTH(call->request_metadata.metadata[index].value);
    return GRPC_SLICE_START_PTR(call->request_metadata.metadata[index].value);
}

int64_t cgrpc_call_deadline_remaining_nanos(const cgrpc_call *call) {
    gpr_timespec deadline = call->details.deadline;
    if (deadline.clock_type == GPR_TIMESPAN) return -1;
    if (CORE(gpr_time_cmp)(deadline, CORE(gpr_inf_future)(deadline.clock_type)) == 0) return -1;
    gpr_timespec monotonic = CORE(gpr_convert_clock_type)(deadline, GPR_CLOCK_MONOTONIC);
    gpr_timespec left = CORE(gpr_time_sub)(monotonic, CORE(gpr_now)(GPR_CLOCK_MONOTONIC));
    if (left.tv_sec < 0) return 0;
    if (left.tv_sec > INT64_MAX / 1000000000 - 1) return -1;
    return left.tv_sec * 1000000000 + left.tv_nsec;
}
