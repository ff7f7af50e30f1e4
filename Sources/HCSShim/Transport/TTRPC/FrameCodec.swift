/// One ttrpc frame: a header and its data.
struct Frame: Sendable, Equatable {
    var header: MessageHeader
    var data: [UInt8]

    var streamID: UInt32 { header.streamID }
    var type: MessageType { header.type }
    var flags: MessageFlags { header.flags }

    /// The bytes of a frame carrying `data`. Throws RESOURCE_EXHAUSTED, and sends nothing, when
    /// `data` exceeds the 4 MiB limit the peer would reject (ttrpc's `OversizedMessageError`).
    static func encode(
        streamID: UInt32, type: MessageType, flags: MessageFlags = [], data: [UInt8]
    ) throws(ShimError) -> [UInt8] {
        guard data.count <= MessageHeader.maxDataLength else {
            throw ShimError(.resourceExhausted, FrameCodec.oversizedMessage(data.count))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(MessageHeader.length + data.count)
        MessageHeader(dataLength: UInt32(data.count), streamID: streamID, type: type, flags: flags)
            .encode(into: &bytes)
        bytes.append(contentsOf: data)
        return bytes
    }
}

/// Splits a byte stream into frames. Pure and incremental: the connection appends whatever a
/// read returned and takes events until `next()` is nil, so frame boundaries and read
/// boundaries are independent. One reader per connection; not thread-safe.
struct FrameCodec {
    enum Event: Sendable, Equatable {
        case frame(Frame)
        /// A header announced more than 4 MiB. Its data is skipped as it arrives (it never
        /// accumulates in memory); the stream is to be answered RESOURCE_EXHAUSTED.
        case oversized(MessageHeader)
    }

    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte of `buffer`.
    private var start = 0
    /// Bytes of an oversized frame's data still to drop.
    private var discarding = 0

    init() {}

    mutating func append(_ bytes: some Collection<UInt8>) {
        var bytes = bytes[...]
        if discarding > 0 {
            let dropped = min(discarding, bytes.count)
            discarding -= dropped
            bytes = bytes.dropFirst(dropped)
        }
        guard !bytes.isEmpty else { return }
        if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame or oversize notice; nil when more bytes are needed.
    mutating func next() -> Event? {
        guard discarding == 0,
              let header = MessageHeader(decoding: buffer[start...])
        else { return nil }
        let dataStart = start + MessageHeader.length
        if header.isOversized {
            let available = buffer.count - dataStart
            let length = Int(header.dataLength)
            discarding = length - min(length, available)
            start = min(buffer.count, dataStart + length)
            compactIfDrained()
            return .oversized(header)
        }
        let dataEnd = dataStart + Int(header.dataLength)
        guard dataEnd <= buffer.count else { return nil }
        let frame = Frame(header: header, data: Array(buffer[dataStart..<dataEnd]))
        start = dataEnd
        compactIfDrained()
        return .frame(frame)
    }

    /// True while a frame has started but not finished: end of input now means a truncated frame.
    var isMidFrame: Bool { discarding > 0 || start < buffer.count }

    private mutating func compactIfDrained() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        }
    }

    static func oversizedMessage(_ length: Int) -> String {
        "message length \(length) exceeds maximum message size of \(MessageHeader.maxDataLength)"
    }
}
