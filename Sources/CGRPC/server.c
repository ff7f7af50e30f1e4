/* The server: listening for tests, adopting accepted fds in production. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

cgrpc_server *cgrpc_server_create(cgrpc_completion_queue *cq) {
    cgrpc_server *server = calloc(1, sizeof *server);
    if (server == NULL) return NULL;
    server->queue = cq->queue;
    SIGNALS_BLOCKED({
        server->server = CORE(grpc_server_create)(NULL, NULL);
        CORE(grpc_server_register_completion_queue)(server->server, server->queue, NULL);
    });
    cgrpc_handles_count(CGRPC_HANDLE_SERVER, 1);
    return server;
}

int cgrpc_server_add_insecure_port(cgrpc_server *server, const char *address) {
    grpc_server_credentials *credentials = CORE(grpc_insecure_server_credentials_create)();
    int port = 0;
    SIGNALS_BLOCKED(port = CORE(grpc_server_add_http2_port)(server->server, address, credentials));
    CORE(grpc_server_credentials_release)(credentials);
    return port;
}

void cgrpc_server_start(cgrpc_server *server) { SIGNALS_BLOCKED(CORE(grpc_server_start)(server->server)); }

void cgrpc_server_adopt_fd(cgrpc_server *server, int fd) {
    /* The core's endpoint expects a non-blocking socket; the listener hands over a blocking one
     * that may still hold the peeked HTTP/2 preface, which the core then reads. */
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int fd_flags = fcntl(fd, F_GETFD);
    if (fd_flags >= 0) fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC);
    grpc_server_credentials *credentials = CORE(grpc_insecure_server_credentials_create)();
    SIGNALS_BLOCKED(CORE(grpc_server_add_channel_from_fd)(server->server, fd, credentials));
    CORE(grpc_server_credentials_release)(credentials);
}

cgrpc_call *cgrpc_server_request_call(cgrpc_server *server, intptr_t tag) {
    cgrpc_call *call = calloc(1, sizeof *call);
    if (call == NULL) return NULL;
    CORE(grpc_call_details_init)(&call->details);
    CORE(grpc_metadata_array_init)(&call->request_metadata);
    cgrpc_handles_count(CGRPC_HANDLE_CALL, 1);
    grpc_call_error error = GRPC_CALL_OK;
    SIGNALS_BLOCKED(error = CORE(grpc_server_request_call)(server->server, &call->call, &call->details,
                                                     &call->request_metadata, server->queue,
                                                     server->queue, (void *)tag));
    if (error != GRPC_CALL_OK) {
        cgrpc_call_destroy(call);
        return NULL;
    }
    return call;
}

void cgrpc_server_shutdown(cgrpc_server *server, intptr_t tag) {
    SIGNALS_BLOCKED(CORE(grpc_server_shutdown_and_notify)(server->server, server->queue, (void *)tag));
}

void cgrpc_server_cancel_all_calls(cgrpc_server *server) {
    SIGNALS_BLOCKED(CORE(grpc_server_cancel_all_calls)(server->server));
}

void cgrpc_server_destroy(cgrpc_server *server) {
    SIGNALS_BLOCKED(CORE(grpc_server_destroy)(server->server));
    free(server);
    cgrpc_handles_count(CGRPC_HANDLE_SERVER, -1);
}
