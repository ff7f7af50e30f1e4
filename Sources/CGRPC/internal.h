/* Private definitions shared by the CGRPC C files; never included by Swift. */
#ifndef CGRPC_INTERNAL_H
#define CGRPC_INTERNAL_H

#include <signal.h>

#include "core.h"

#include "include/cgrpc.h"

/* Signals: the core starts threads lazily from whichever thread calls into it (grpc_init, server
 * start, listeners, and its event-engine pool grows from any thread that schedules work), and a
 * new thread inherits its creator's signal mask. The shim takes signals in one place (signalfd),
 * which only works when every other thread blocks them, so every call into the core that may
 * start a thread runs with all signals blocked: SIGNALS_BLOCKED(statement). Two
 * rt_sigprocmask calls each, small beside a batch. */
typedef struct { sigset_t saved; } cgrpc_signal_guard;
void cgrpc_signals_block(cgrpc_signal_guard *guard);
void cgrpc_signals_restore(const cgrpc_signal_guard *guard);

#define SIGNALS_BLOCKED(statement)          \
    do {                                    \
        cgrpc_signal_guard signal_guard_;   \
        cgrpc_signals_block(&signal_guard_); \
        statement;                          \
        cgrpc_signals_restore(&signal_guard_); \
    } while (0)

/* Live-handle accounting (runtime.c): +1 on create, -1 on destroy. */
void cgrpc_handles_count(cgrpc_handle_kind kind, long delta);

struct cgrpc_completion_queue {
    grpc_completion_queue *queue;
};

struct cgrpc_server {
    grpc_server *server;
    grpc_completion_queue *queue; /* borrowed from the cgrpc_completion_queue */
};

struct cgrpc_channel {
    grpc_channel *channel;
};

/* One call, client or server. For a server call, `details` and `request_metadata` are filled
 * by grpc_server_request_call; for a client call they stay empty. */
struct cgrpc_call {
    grpc_call *call; /* NULL until a server request completes */
    grpc_call_details details;
    grpc_metadata_array request_metadata;
};

/* Enough for the largest batch we build: a client unary call uses six operations. */
#define CGRPC_BATCH_MAX_OPS 8

struct cgrpc_batch {
    grpc_op ops[CGRPC_BATCH_MAX_OPS];
    size_t count;
    uint32_t present; /* bit (1 << grpc_op_type) per operation added */

    /* send_initial_metadata: entries own their key and value slices. */
    grpc_metadata *send_metadata;
    size_t send_metadata_count;
    size_t send_metadata_capacity;

    grpc_byte_buffer *send_message;
    grpc_slice send_status_details;

    grpc_metadata_array recv_initial_metadata;
    grpc_byte_buffer *recv_message;
    grpc_slice recv_message_flat; /* recv_message read out once, on first access */
    int recv_message_flattened;

    grpc_metadata_array recv_trailing_metadata;
    grpc_status_code recv_status;
    grpc_slice recv_status_details;
    const char *recv_error_string;

    int cancelled;
};

#endif /* CGRPC_INTERNAL_H */
