import Testing

/// The parent of every gRPC transport suite. Serialized, because the leak tests count live C
/// handles, threads and fds of the whole process: no other gRPC test may run beside them.
@Suite(.serialized) enum GRPCTests {}
