/*
 * cgrpc.h: a narrow facade over Debian's gRPC C core (libgrpc 1.51).
 *
 * Contract for the one Swift importer (Sources/HCSShim/Transport/GRPC):
 *  - Every handle is opaque; the gRPC headers are never visible to Swift.
 *  - Functions are named cgrpc_<noun>_<verb>.
 *  - Every grpc_op batch is built here, in C (cgrpc_batch); no C union crosses the boundary.
 *  - Bytes are copied at the boundary: inputs are copied before a function returns, outputs are
 *    copied into caller-provided buffers. No pointer returned here outlives the handle it came
 *    from, and none is owned by the caller unless the comment says so.
 *  - Completion tags are plain integers (intptr_t), never pointers to Swift objects.
 */
#ifndef CGRPC_H
#define CGRPC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cgrpc_completion_queue cgrpc_completion_queue;
typedef struct cgrpc_server cgrpc_server;
typedef struct cgrpc_channel cgrpc_channel;
typedef struct cgrpc_call cgrpc_call;
typedef struct cgrpc_batch cgrpc_batch;

/* ---- runtime (runtime.c) ---- */

/* Takes one reference on the C core (grpc_init); the first reference starts its threads. The
 * first call also loads the core library (dlopen, see core.h). Returns 0, or -1 when the
 * library cannot be loaded (reason in cgrpc_runtime_error); no reference is taken then. */
int cgrpc_runtime_acquire(void);
/* Drops one reference taken by a successful acquire (grpc_shutdown); the last one stops the
 * core asynchronously. */
void cgrpc_runtime_release(void);
/* Why the core library could not be loaded; static storage, stable once a load failed. */
const char *cgrpc_runtime_error(void);
/* The C core's version string (static storage), loading the library if needed; NULL when it
 * cannot be loaded. */
const char *cgrpc_runtime_version(void);

/* Starts a detached thread named `name` (at most 15 bytes are kept) running body(context),
 * with every signal blocked (as are the core's own threads: see internal.h).
 * Returns 0 on success or an errno value. */
int cgrpc_thread_start(const char *name, void (*body)(void *context), void *context);
/* Closes an fd handed over for adoption that can no longer be served (takes ownership). */
void cgrpc_fd_close(int fd);

/* The kinds of handle this facade hands out, for leak accounting. */
typedef enum __attribute__((enum_extensibility(closed))) {
    CGRPC_HANDLE_QUEUE = 0,
    CGRPC_HANDLE_SERVER = 1,
    CGRPC_HANDLE_CHANNEL = 2,
    CGRPC_HANDLE_CALL = 3,
    CGRPC_HANDLE_BATCH = 4,
} cgrpc_handle_kind;

/* How many handles of `kind` are alive (created and not yet destroyed) in this process.
 * A batch owns every byte buffer, slice and metadata array of its operations, and a call its
 * details and request metadata, so these counts cover those too. */
long cgrpc_handles_live(cgrpc_handle_kind kind);

/* ---- completion queue (completion_queue.c) ---- */

typedef enum __attribute__((enum_extensibility(closed))) {
    CGRPC_EVENT_TIMEOUT = 0,     /* the deadline passed with nothing to report */
    CGRPC_EVENT_COMPLETE = 1,    /* the batch or request with *tag completed; see *success */
    CGRPC_EVENT_SHUTDOWN = 2,    /* shut down and fully drained: the queue may be destroyed */
} cgrpc_event_kind;

/* A completion queue of the "next" kind. Owned by the caller: shut it down, poll until
 * CGRPC_EVENT_SHUTDOWN, then destroy it. */
cgrpc_completion_queue *cgrpc_completion_queue_create(void);
/* Waits at most timeout_ms for the next event. Call from one thread at a time. */
cgrpc_event_kind cgrpc_completion_queue_next(cgrpc_completion_queue *cq, int64_t timeout_ms,
                                             intptr_t *tag, int *success);
void cgrpc_completion_queue_shutdown(cgrpc_completion_queue *cq);
void cgrpc_completion_queue_destroy(cgrpc_completion_queue *cq);

/* ---- server (server.c) ---- */

/* Creates a server whose calls and notifications all arrive on `cq` (borrowed; it must
 * outlive the server). Not started. */
cgrpc_server *cgrpc_server_create(cgrpc_completion_queue *cq);
/* Listens on `address` ("unix:/path" or "host:port") without TLS, before start.
 * Returns the bound port (a positive number, 1 for unix sockets) or 0 on failure. */
int cgrpc_server_add_insecure_port(cgrpc_server *server, const char *address);
void cgrpc_server_start(cgrpc_server *server);
/* Serves HTTP/2 on an accepted, connected socket. Takes ownership of `fd` (it is set
 * non-blocking and close-on-exec first). Only valid after cgrpc_server_start. */
void cgrpc_server_adopt_fd(cgrpc_server *server, int fd);
/* Asks for the next incoming call; `tag` completes on the server's queue. The returned call
 * shell is owned by the caller (cgrpc_call_destroy), whether or not the request succeeds.
 * Returns NULL when the request could not be queued. */
cgrpc_call *cgrpc_server_request_call(cgrpc_server *server, intptr_t tag);
/* Stops accepting; `tag` completes on the server's queue when every call has ended. */
void cgrpc_server_shutdown(cgrpc_server *server, intptr_t tag);
void cgrpc_server_cancel_all_calls(cgrpc_server *server);
/* Only after the shutdown tag completed. */
void cgrpc_server_destroy(cgrpc_server *server);

/* ---- channel (channel.c) ---- */

/* An insecure channel to `target` ("unix:/path"). Owned by the caller. */
cgrpc_channel *cgrpc_channel_create_insecure(const char *target);
void cgrpc_channel_destroy(cgrpc_channel *channel);
/* A client call to `method` ("/package.Service/Method") whose completions arrive on `cq`.
 * timeout_nanos < 0 means no deadline. Owned by the caller (cgrpc_call_destroy). */
cgrpc_call *cgrpc_channel_create_call(cgrpc_channel *channel, cgrpc_completion_queue *cq,
                                      const char *method, int64_t timeout_nanos);

/* ---- call (call.c) ---- */

/* Starts `batch` on `call`; `tag` completes on the call's queue. The batch must stay alive
 * until then. Returns 0 (GRPC_CALL_OK) or a grpc_call_error, in which case no completion
 * will arrive. */
int cgrpc_call_start_batch(cgrpc_call *call, cgrpc_batch *batch, intptr_t tag);
/* Cancels the call; outstanding batches complete (without success). Safe from any thread. */
void cgrpc_call_cancel(cgrpc_call *call);
/* Releases the call, its details and its metadata. */
void cgrpc_call_destroy(cgrpc_call *call);

/* Incoming (server) call details, valid once the request tag completed with success.
 * The pointers are borrowed from the call; copy the bytes before destroying it. */
const uint8_t *cgrpc_call_method(const cgrpc_call *call, size_t *length);
size_t cgrpc_call_metadata_count(const cgrpc_call *call);
const uint8_t *cgrpc_call_metadata_key(const cgrpc_call *call, size_t index, size_t *length);
const uint8_t *cgrpc_call_metadata_value(const cgrpc_call *call, size_t index, size_t *length);
/* Nanoseconds left until the client's deadline (0 when passed), or -1 when it set none. */
int64_t cgrpc_call_deadline_remaining_nanos(const cgrpc_call *call);

/* ---- batch (batch.c) ---- */

/* A batch of operations for one cgrpc_call_start_batch, and the storage their results land
 * in. Owned by the caller; destroy it after its tag completed (or after start failed). */
cgrpc_batch *cgrpc_batch_create(void);
void cgrpc_batch_destroy(cgrpc_batch *batch);

/* Each add_* returns 0, or -1 when that operation is already in the batch or it is full. */
int cgrpc_batch_add_send_initial_metadata(cgrpc_batch *batch);
/* Appends one entry to the initial metadata sent (copied). Keys must be lower-case. */
int cgrpc_batch_append_metadata(cgrpc_batch *batch, const uint8_t *key, size_t key_length,
                                const uint8_t *value, size_t value_length);
int cgrpc_batch_add_send_message(cgrpc_batch *batch, const uint8_t *bytes, size_t length);
int cgrpc_batch_add_send_close_from_client(cgrpc_batch *batch);
int cgrpc_batch_add_send_status_from_server(cgrpc_batch *batch, int code,
                                            const uint8_t *details, size_t details_length);
int cgrpc_batch_add_recv_initial_metadata(cgrpc_batch *batch);
int cgrpc_batch_add_recv_message(cgrpc_batch *batch);
int cgrpc_batch_add_recv_status_on_client(cgrpc_batch *batch);
int cgrpc_batch_add_recv_close_on_server(cgrpc_batch *batch);

/* Results, valid after the batch's tag completed. */

/* The received message's length, or -1 when the stream ended instead (no message). */
int64_t cgrpc_batch_message_length(cgrpc_batch *batch);
/* Copies the received message into `out` (message_length bytes). */
void cgrpc_batch_copy_message(cgrpc_batch *batch, uint8_t *out);
/* The status the server sent (recv_status_on_client). */
int cgrpc_batch_status_code(const cgrpc_batch *batch);
const uint8_t *cgrpc_batch_status_details(const cgrpc_batch *batch, size_t *length);
/* 1 when the call ended by cancellation rather than by a sent status (recv_close_on_server). */
int cgrpc_batch_cancelled(const cgrpc_batch *batch);

#ifdef __cplusplus
}
#endif

#endif /* CGRPC_H */
