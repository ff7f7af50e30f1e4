/* Batches: every grpc_op is built here, together with the storage its results land in. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

cgrpc_batch *cgrpc_batch_create(void) {
    cgrpc_batch *batch = calloc(1, sizeof *batch);
    if (batch == NULL) return NULL;
    batch->send_status_details = CORE(grpc_empty_slice)();
    batch->recv_message_flat = CORE(grpc_empty_slice)();
    batch->recv_status_details = CORE(grpc_empty_slice)();
    CORE(grpc_metadata_array_init)(&batch->recv_initial_metadata);
    CORE(grpc_metadata_array_init)(&batch->recv_trailing_metadata);
    cgrpc_handles_count(CGRPC_HANDLE_BATCH, 1);
    return batch;
}

void cgrpc_batch_destroy(cgrpc_batch *batch) {
    for (size_t i = 0; i < batch->send_metadata_count; i++) {
        CORE(grpc_slice_unref)(batch->send_metadata[i].key);
        CORE(grpc_slice_unref)(batch->send_metadata[i].value);
    }
    free(batch->send_metadata);
    if (batch->send_message != NULL) CORE(grpc_byte_buffer_destroy)(batch->send_message);
    CORE(grpc_slice_unref)(batch->send_status_details);
    CORE(grpc_metadata_array_destroy)(&batch->recv_initial_metadata);
    if (batch->recv_message != NULL) CORE(grpc_byte_buffer_destroy)(batch->recv_message);
    CORE(grpc_slice_unref)(batch->recv_message_flat);
    CORE(grpc_metadata_array_destroy)(&batch->recv_trailing_metadata);
    CORE(grpc_slice_unref)(batch->recv_status_details);
    /* The core allocates the error string with gpr_malloc and hands it to us. */
    if (batch->recv_error_string != NULL) CORE(gpr_free)((void *)batch->recv_error_string);
    free(batch);
    cgrpc_handles_count(CGRPC_HANDLE_BATCH, -1);
}

/* Reserves the next op slot for `type`, or NULL when full or already present. */
static grpc_op *next_op(cgrpc_batch *batch, grpc_op_type type) {
    uint32_t bit = 1u << (unsigned)type;
    if (batch->count >= CGRPC_BATCH_MAX_OPS || (batch->present & bit) != 0) return NULL;
    batch->present |= bit;
    grpc_op *op = &batch->ops[batch->count++];
    memset(op, 0, sizeof *op);
    op->op = type;
    return op;
}

int cgrpc_batch_add_send_initial_metadata(cgrpc_batch *batch) {
    grpc_op *op = next_op(batch, GRPC_OP_SEND_INITIAL_METADATA);
    if (op == NULL) return -1;
    /* count and metadata are filled as entries are appended (the array may move). */
    op->data.send_initial_metadata.count = batch->send_metadata_count;
    op->data.send_initial_metadata.metadata = batch->send_metadata;
    return 0;
}

int cgrpc_batch_append_metadata(cgrpc_batch *batch, const uint8_t *key, size_t key_length,
                                const uint8_t *value, size_t value_length) {
    if (batch->send_metadata_count == batch->send_metadata_capacity) {
        size_t capacity = batch->send_metadata_capacity == 0 ? 4 : batch->send_metadata_capacity * 2;
        grpc_metadata *grown = realloc(batch->send_metadata, capacity * sizeof *grown);
        if (grown == NULL) return -1;
        batch->send_metadata = grown;
        batch->send_metadata_capacity = capacity;
    }
    grpc_metadata *entry = &batch->send_metadata[batch->send_metadata_count++];
    memset(entry, 0, sizeof *entry);
    entry->key = CORE(grpc_slice_from_copied_buffer)((const char *)key, key_length);
    entry->value = CORE(grpc_slice_from_copied_buffer)((const char *)value, value_length);
    for (size_t i = 0; i < batch->count; i++) {
        if (batch->ops[i].op == GRPC_OP_SEND_INITIAL_METADATA) {
            batch->ops[i].data.send_initial_metadata.count = batch->send_metadata_count;
            batch->ops[i].data.send_initial_metadata.metadata = batch->send_metadata;
        }
    }
    return 0;
}

int cgrpc_batch_add_send_message(cgrpc_batch *batch, const uint8_t *bytes, size_t length) {
    grpc_op *op = next_op(batch, GRPC_OP_SEND_MESSAGE);
    if (op == NULL) return -1;
    grpc_slice slice = CORE(grpc_slice_from_copied_buffer)((const char *)bytes, length);
    batch->send_message = CORE(grpc_raw_byte_buffer_create)(&slice, 1);
    CORE(grpc_slice_unref)(slice);
    op->data.send_message.send_message = batch->send_message;
    return 0;
}

int cgrpc_batch_add_send_close_from_client(cgrpc_batch *batch) {
    return next_op(batch, GRPC_OP_SEND_CLOSE_FROM_CLIENT) == NULL ? -1 : 0;
}

int cgrpc_batch_add_send_status_from_server(cgrpc_batch *batch, int code,
                                            const uint8_t *details, size_t details_length) {
    grpc_op *op = next_op(batch, GRPC_OP_SEND_STATUS_FROM_SERVER);
    if (op == NULL) return -1;
    CORE(grpc_slice_unref)(batch->send_status_details);
    batch->send_status_details = CORE(grpc_slice_from_copied_buffer)((const char *)details, details_length);
    op->data.send_status_from_server.status = (grpc_status_code)code;
    op->data.send_status_from_server.status_details = &batch->send_status_details;
    return 0;
}

int cgrpc_batch_add_recv_initial_metadata(cgrpc_batch *batch) {
    grpc_op *op = next_op(batch, GRPC_OP_RECV_INITIAL_METADATA);
    if (op == NULL) return -1;
    op->data.recv_initial_metadata.recv_initial_metadata = &batch->recv_initial_metadata;
    return 0;
}

int cgrpc_batch_add_recv_message(cgrpc_batch *batch) {
    grpc_op *op = next_op(batch, GRPC_OP_RECV_MESSAGE);
    if (op == NULL) return -1;
    op->data.recv_message.recv_message = &batch->recv_message;
    return 0;
}

int cgrpc_batch_add_recv_status_on_client(cgrpc_batch *batch) {
    grpc_op *op = next_op(batch, GRPC_OP_RECV_STATUS_ON_CLIENT);
    if (op == NULL) return -1;
    batch->recv_status = GRPC_STATUS_UNKNOWN;
    op->data.recv_status_on_client.trailing_metadata = &batch->recv_trailing_metadata;
    op->data.recv_status_on_client.status = &batch->recv_status;
    op->data.recv_status_on_client.status_details = &batch->recv_status_details;
    op->data.recv_status_on_client.error_string = &batch->recv_error_string;
    return 0;
}

int cgrpc_batch_add_recv_close_on_server(cgrpc_batch *batch) {
    grpc_op *op = next_op(batch, GRPC_OP_RECV_CLOSE_ON_SERVER);
    if (op == NULL) return -1;
    op->data.recv_close_on_server.cancelled = &batch->cancelled;
    return 0;
}

/* Reads the received byte buffer (decompressing if needed) into one flat slice, once. */
static void flatten_message(cgrpc_batch *batch) {
    if (batch->recv_message_flattened || batch->recv_message == NULL) return;
    grpc_byte_buffer_reader reader;
    if (CORE(grpc_byte_buffer_reader_init)(&reader, batch->recv_message)) {
        CORE(grpc_slice_unref)(batch->recv_message_flat);
        batch->recv_message_flat = CORE(grpc_byte_buffer_reader_readall)(&reader);
        CORE(grpc_byte_buffer_reader_destroy)(&reader);
    }
    batch->recv_message_flattened = 1;
}

int64_t cgrpc_batch_message_length(cgrpc_batch *batch) {
    if (batch->recv_message == NULL) return -1;
    flatten_message(batch);
    return (int64_t)GRPC_SLICE_LENGTH(batch->recv_message_flat);
}

void cgrpc_batch_copy_message(cgrpc_batch *batch, uint8_t *out) {
    if (batch->recv_message == NULL) return;
    flatten_message(batch);
    size_t length = GRPC_SLICE_LENGTH(batch->recv_message_flat);
    if (length > 0) memcpy(out, GRPC_SLICE_START_PTR(batch->recv_message_flat), length);
}

int cgrpc_batch_status_code(const cgrpc_batch *batch) { return (int)batch->recv_status; }

const uint8_t *cgrpc_batch_status_details(const cgrpc_batch *batch, size_t *length) {
    *length = GRPC_SLICE_LENGTH(batch->recv_status_details);
    return GRPC_SLICE_START_PTR(batch->recv_status_details);
}

int cgrpc_batch_cancelled(const cgrpc_batch *batch) { return batch->cancelled; }
