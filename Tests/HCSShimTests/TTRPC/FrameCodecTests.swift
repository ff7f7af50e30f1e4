import Testing
@testable import HCSShim

/// Hex → bytes for the golden frames of the protocol document (§4.9).
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { index in
        UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
    }
}

extension TTRPCTests {
    @Suite struct FrameCodecTests {
        static let connectRequest = hexBytes(
            "000000510000000101000a17636f6e7461696e6572642e7461736b2e76322e5461736b1207436f6e6e6563741a"
                + "060a04746573742a250a1a636f6e7461696e6572642d6e616d6573706163652d7474727063120764656661756c74")
        static let connectResponse = hexBytes("00000008000000010200120608d20910ae2c")
        static let notFoundResponse = hexBytes(
            "000000260000000302000a2408051220636f6e7461696e6572206e6f7420637265617465643a206e6f7420666f756e64")

        @Test func headerDecodesGoldenRequest() throws {
            let header = try #require(MessageHeader(decoding: Self.connectRequest))
            #expect(header.dataLength == 0x51)
            #expect(header.streamID == 1)
            #expect(header.type == .request)
            #expect(header.flags == [])
            #expect(Self.connectRequest.count == MessageHeader.length + 81)
        }

        @Test func headerNeedsTenBytes() {
            #expect(MessageHeader(decoding: Self.connectResponse.prefix(9)) == nil)
        }

        @Test func headerEncodesBigEndian() {
            var bytes: [UInt8] = []
            MessageHeader(dataLength: 0x0102_0304, streamID: 0xA0B0_C0D1, type: .data, flags: [.remoteClosed, .noData])
                .encode(into: &bytes)
            #expect(bytes == [1, 2, 3, 4, 0xA0, 0xB0, 0xC0, 0xD1, 3, 5])
        }

        @Test func encodeReproducesGoldenFrames() throws {
            for golden in [Self.connectRequest, Self.connectResponse, Self.notFoundResponse] {
                let header = try #require(MessageHeader(decoding: golden))
                let data = Array(golden.dropFirst(MessageHeader.length))
                let encoded = try Frame.encode(
                    streamID: header.streamID, type: header.type, flags: header.flags, data: data)
                #expect(encoded == golden)
            }
        }

        @Test func encodeRefusesOversizedData() {
            #expect(throws: ShimError(.resourceExhausted, FrameCodec.oversizedMessage(MessageHeader.maxDataLength + 1))) {
                try Frame.encode(streamID: 1, type: .request, data: [UInt8](repeating: 0, count: MessageHeader.maxDataLength + 1))
            }
        }

        @Test func readerReassemblesByteByByte() {
            var codec = FrameCodec()
            var events: [FrameCodec.Event] = []
            for byte in Self.connectRequest + Self.notFoundResponse {
                codec.append([byte])
                while let event = codec.next() { events.append(event) }
            }
            guard events.count == 2, case .frame(let first) = events[0], case .frame(let second) = events[1] else {
                Issue.record("expected two frames, got \(events)")
                return
            }
            #expect(first.streamID == 1 && first.type == .request && first.data.count == 81)
            #expect(first.data == Array(Self.connectRequest.dropFirst(10)))
            #expect(second.streamID == 3 && second.type == .response)
            #expect(!codec.isMidFrame)
        }

        @Test func readerSplitsFramesSharingOneRead() {
            var codec = FrameCodec()
            codec.append(Self.connectResponse + Self.connectResponse + Self.notFoundResponse.prefix(12))
            #expect(codec.next() != nil)
            #expect(codec.next() != nil)
            #expect(codec.next() == nil)
            #expect(codec.isMidFrame)
        }

        @Test func oversizedDataIsSkippedAndFollowingFrameKept() {
            let length = MessageHeader.maxDataLength + 1
            var oversized: [UInt8] = []
            MessageHeader(dataLength: UInt32(length), streamID: 5, type: .request).encode(into: &oversized)
            var codec = FrameCodec()
            codec.append(oversized + [UInt8](repeating: 0xEE, count: 1000))
            #expect(codec.next() == .oversized(MessageHeader(dataLength: UInt32(length), streamID: 5, type: .request)))
            #expect(codec.isMidFrame)
            // The rest of the data arrives in chunks, the next frame glued to its tail.
            var remaining = length - 1000
            while remaining > 100_000 {
                codec.append([UInt8](repeating: 0xEE, count: 100_000))
                remaining -= 100_000
                #expect(codec.next() == nil)
            }
            codec.append([UInt8](repeating: 0xEE, count: remaining) + Self.connectResponse)
            guard case .frame(let frame) = codec.next() else {
                Issue.record("frame after oversized data not decoded")
                return
            }
            #expect(frame.streamID == 1 && frame.data == Array(Self.connectResponse.dropFirst(10)))
            #expect(!codec.isMidFrame)
        }

        @Test func unknownTypeSurvivesDecoding() throws {
            let header = try #require(MessageHeader(decoding: [0, 0, 0, 0, 0, 0, 0, 7, 9, 0]))
            #expect(header.type == MessageType(rawValue: 9))
            #expect(header.type.description == "type(9)")
        }
    }
}
