import CGRPC

/// One gRPC operation, as Swift values; `OperationBatch` turns a list of them into the C
/// core's `grpc_op` array (built in C, so the union never reaches Swift).
enum Operation {
    case sendInitialMetadata([(key: String, value: String)])
    case sendMessage([UInt8])
    case sendCloseFromClient
    case sendStatusFromServer(code: Int32, details: String)
    case receiveInitialMetadata
    case receiveMessage
    case receiveStatusOnClient
    case receiveCloseOnServer
}

/// A batch of operations for one `grpc_call_start_batch`, and the storage the results land in.
///
/// Owns its `cgrpc_batch` and destroys it in `deinit`, which must not run while the core may
/// still write into it: `Call.perform` keeps the batch alive in the queue's pending table until
/// its completion arrives. Inputs are copied into C when the batch is built; results are copied
/// out into Swift values. `@unchecked Sendable` because it crosses to the poller thread only
/// to be kept alive: the core writes results before the completion, and the one task that
/// awaited the completion reads them after it (the completion queue orders the two).
final class OperationBatch: @unchecked Sendable {
    /// The `cgrpc_batch`, owned.
    let handle: OpaquePointer

    /// Throws `.internal` when an operation appears twice or C cannot allocate.
    init(_ operations: [Operation]) throws(ShimError) {
        guard let handle = cgrpc_batch_create() else {
            throw ShimError(.resourceExhausted, "grpc: cannot allocate a batch")
        }
        self.handle = handle
        for operation in operations {
            guard add(operation) == 0 else {
                throw ShimError(.internal, "grpc: cannot add \(operation) to a batch")
            }
        }
    }

    deinit { cgrpc_batch_destroy(handle) }

    private func add(_ operation: Operation) -> Int32 {
        switch operation {
        case .sendInitialMetadata(let entries):
            guard cgrpc_batch_add_send_initial_metadata(handle) == 0 else { return -1 }
            for (key, value) in entries {
                let key = Array(key.lowercased().utf8)
                let value = Array(value.utf8)
                guard cgrpc_batch_append_metadata(handle, key, key.count, value, value.count) == 0 else {
                    return -1
                }
            }
            return 0
        case .sendMessage(let bytes):
            return bytes.withUnsafeBufferPointer { cgrpc_batch_add_send_message(handle, $0.baseAddress, $0.count) }
        case .sendCloseFromClient:
            return cgrpc_batch_add_send_close_from_client(handle)
        case .sendStatusFromServer(let code, let details):
            let details = Array(details.utf8)
            return cgrpc_batch_add_send_status_from_server(handle, code, details, details.count)
        case .receiveInitialMetadata:
            return cgrpc_batch_add_recv_initial_metadata(handle)
        case .receiveMessage:
            return cgrpc_batch_add_recv_message(handle)
        case .receiveStatusOnClient:
            return cgrpc_batch_add_recv_status_on_client(handle)
        case .receiveCloseOnServer:
            return cgrpc_batch_add_recv_close_on_server(handle)
        }
    }

    /// The message received, copied; nil when the stream ended instead (`.receiveMessage`).
    var message: [UInt8]? {
        let length = cgrpc_batch_message_length(handle)
        guard length >= 0 else { return nil }
        return [UInt8](unsafeUninitializedCapacity: Int(length)) { buffer, count in
            if let base = buffer.baseAddress { cgrpc_batch_copy_message(handle, base) }
            count = Int(length)
        }
    }

    /// The status the server sent (`.receiveStatusOnClient`): its code and details text.
    var status: (code: Int32, details: String) {
        var length = 0
        let details = cgrpc_batch_status_details(handle, &length)
        let text = details.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        return (cgrpc_batch_status_code(handle), text)
    }

    /// Whether the call ended by cancellation rather than a sent status (`.receiveCloseOnServer`).
    var cancelled: Bool { cgrpc_batch_cancelled(handle) != 0 }
}
