import Testing
@testable import HCSShim

/// Hex in golden tests: lower-case, no separators (as `xxd -p` prints).
enum Hex {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
        }
    }

    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}

/// Encodes `message`, decodes the bytes, and returns the decoded value and the encoding.
func roundTrip<M: WireMessage>(_ message: M) throws -> (M, [UInt8]) {
    let bytes = message.packed()
    return (try M(unpacking: bytes), bytes)
}

/// A message and its expected encoding, for parameterized golden tests.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let message: any WireMessage
    let hex: String
    /// Decodes bytes as the message's own type and compares with the original value.
    let decodesToMessage: @Sendable ([UInt8]) throws -> Bool

    init<M: WireMessage & Equatable>(_ message: M, _ hex: String) {
        self.message = message
        self.hex = hex
        self.decodesToMessage = { bytes in try M(unpacking: bytes) == message }
    }

    var testDescription: String { String(describing: type(of: message)) }
}
