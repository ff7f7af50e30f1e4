import Testing

/// The transport suites (framing, server, client, listener, peer credentials), grouped so
/// `swift test --filter TTRPC` selects all of them.
@Suite enum TTRPCTests {}
