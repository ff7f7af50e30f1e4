/* The gRPC C core, loaded on first use (core.c); private to the CGRPC C files.
 *
 * Linking libgrpc would make the dynamic loader map it and its ~45 dependencies (abseil,
 * OpenSSL, re2, c-ares, upb) at every start of the shim binary, which containerd runs three
 * times per container, though most shims never see an HTTP/2 connection. So the binary does
 * not link it: the first cgrpc_runtime_acquire opens it with dlopen and fills the table below,
 * and every C file calls the core through CORE(name). The headers still come from
 * libgrpc-dev, so the table is typed, and the library opened must be the one they describe. */
#ifndef CGRPC_CORE_H
#define CGRPC_CORE_H

#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_posix.h>
#include <grpc/grpc_security.h>
#include <grpc/slice.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

/* Every core function the facade calls. */
#define CGRPC_CORE_FUNCTIONS(X) \
    X(gpr_convert_clock_type) \
    X(gpr_free) \
    X(gpr_inf_future) \
    X(gpr_now) \
    X(gpr_time_add) \
    X(gpr_time_cmp) \
    X(gpr_time_from_millis) \
    X(gpr_time_from_nanos) \
    X(gpr_time_sub) \
    X(grpc_byte_buffer_destroy) \
    X(grpc_byte_buffer_reader_destroy) \
    X(grpc_byte_buffer_reader_init) \
    X(grpc_byte_buffer_reader_readall) \
    X(grpc_call_cancel) \
    X(grpc_call_details_destroy) \
    X(grpc_call_details_init) \
    X(grpc_call_start_batch) \
    X(grpc_call_unref) \
    X(grpc_channel_create) \
    X(grpc_channel_create_call) \
    X(grpc_channel_credentials_release) \
    X(grpc_channel_destroy) \
    X(grpc_completion_queue_create_for_next) \
    X(grpc_completion_queue_destroy) \
    X(grpc_completion_queue_next) \
    X(grpc_completion_queue_shutdown) \
    X(grpc_empty_slice) \
    X(grpc_init) \
    X(grpc_insecure_credentials_create) \
    X(grpc_insecure_server_credentials_create) \
    X(grpc_metadata_array_destroy) \
    X(grpc_metadata_array_init) \
    X(grpc_raw_byte_buffer_create) \
    X(grpc_server_add_channel_from_fd) \
    X(grpc_server_add_http2_port) \
    X(grpc_server_cancel_all_calls) \
    X(grpc_server_create) \
    X(grpc_server_credentials_release) \
    X(grpc_server_destroy) \
    X(grpc_server_register_completion_queue) \
    X(grpc_server_request_call) \
    X(grpc_server_shutdown_and_notify) \
    X(grpc_server_start) \
    X(grpc_shutdown) \
    X(grpc_slice_from_copied_buffer) \
    X(grpc_slice_from_copied_string) \
    X(grpc_slice_unref) \
    X(grpc_version_string)

struct cgrpc_core_table {
#define CGRPC_CORE_FIELD(name) __typeof__(name) *name;
    CGRPC_CORE_FUNCTIONS(CGRPC_CORE_FIELD)
#undef CGRPC_CORE_FIELD
};

/* Filled once by cgrpc_core_load; read-only afterwards, so any thread may call through it. */
extern struct cgrpc_core_table cgrpc_core;

#define CORE(name) (cgrpc_core.name)

/* Loads the core once (later calls return the first result): 0, or -1 with the reason in
 * cgrpc_runtime_error(). Thread-safe. */
int cgrpc_core_load(void);

#endif /* CGRPC_CORE_H */
