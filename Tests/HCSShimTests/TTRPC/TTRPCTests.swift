import Testing

/// The transport suites (framing, server, client, listener, peer credentials), grouped so
/// `swift test --filter TTRPC` selects all of them. Serialized: several count process-wide
/// resources (threads, descriptors).
@Suite(.serialized) enum TTRPCTests {}
