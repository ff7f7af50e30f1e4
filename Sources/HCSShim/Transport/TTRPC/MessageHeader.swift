/// The 10-byte header in front of every ttrpc frame (see `PROTOCOL.md` next to this file):
/// data length (u32 BE, header excluded), stream id (u32 BE), message type, flags.
///
/// Pure value code: encoding and decoding never touch a socket, so the golden bytes of the
/// protocol document are tested directly.
struct MessageHeader: Sendable, Equatable {
    static let length = 10
    /// `messageLengthMax` of ttrpc: 4 MiB. A larger frame's data is discarded and its stream
    /// answered RESOURCE_EXHAUSTED; the connection survives. This bound is also why a ttrpc
    /// connection's first byte is always 0x00, which `ShimListener` relies on.
    static let maxDataLength = 4 << 20

    var dataLength: UInt32
    var streamID: UInt32
    var type: MessageType
    var flags: MessageFlags

    init(dataLength: UInt32, streamID: UInt32, type: MessageType, flags: MessageFlags = []) {
        self.dataLength = dataLength
        self.streamID = streamID
        self.type = type
        self.flags = flags
    }

    /// Decodes the first 10 bytes of `bytes`; nil when fewer are available. Every bit pattern
    /// is a header: unknown types are kept for the connection to ignore, as ttrpc 1.1 does.
    init?(decoding bytes: some RandomAccessCollection<UInt8>) {
        guard bytes.count >= MessageHeader.length else { return nil }
        var index = bytes.startIndex
        func next() -> UInt8 {
            defer { index = bytes.index(after: index) }
            return bytes[index]
        }
        func nextUInt32() -> UInt32 {
            (0..<4).reduce(UInt32(0)) { value, _ in value << 8 | UInt32(next()) }
        }
        dataLength = nextUInt32()
        streamID = nextUInt32()
        type = MessageType(rawValue: next())
        flags = MessageFlags(rawValue: next())
    }

    /// Appends the 10 header bytes to `buffer`.
    func encode(into buffer: inout [UInt8]) {
        for value in [dataLength, streamID] {
            buffer.append(UInt8(truncatingIfNeeded: value >> 24))
            buffer.append(UInt8(truncatingIfNeeded: value >> 16))
            buffer.append(UInt8(truncatingIfNeeded: value >> 8))
            buffer.append(UInt8(truncatingIfNeeded: value))
        }
        buffer.append(type.rawValue)
        buffer.append(flags.rawValue)
    }

    var isOversized: Bool { Int(dataLength) > MessageHeader.maxDataLength }
}

/// A frame's message type. A struct rather than an enum: unknown values must survive decoding
/// so the connection can skip their data and carry on.
struct MessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    var rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Opens a stream; data is a `ttrpc.Request`.
    static let request = MessageType(rawValue: 1)
    /// Ends a stream; data is a `ttrpc.Response`; flags are 0.
    static let response = MessageType(rawValue: 2)
    /// Stream data (ttrpc 1.2 streaming).
    static let data = MessageType(rawValue: 3)

    var description: String {
        switch self {
        case .request: "request"
        case .response: "response"
        case .data: "data"
        default: "type(\(rawValue))"
        }
    }
}

/// Frame flags. Empty on a unary request and on every response.
struct MessageFlags: OptionSet, Sendable, Hashable {
    var rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The sender will send no more data on this stream.
    static let remoteClosed = MessageFlags(rawValue: 0x01)
    /// The sender will stream data after the request.
    static let remoteOpen = MessageFlags(rawValue: 0x02)
    /// A data frame that carries no data, only flags.
    static let noData = MessageFlags(rawValue: 0x04)
}
