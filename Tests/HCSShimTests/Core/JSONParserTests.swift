import Foundation
import Testing
@testable import HCSShim

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func scalarsKeepTheirKind() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("0") == .integer(0))
        #expect(try parse("-1024") == .integer(-1024))
        #expect(try parse("9223372036854775807") == .integer(.max))
        #expect(try parse("18446744073709551615") == .unsignedInteger(.max))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("-2E-2") == .double(-0.02))
        #expect(try parse("1e3") == .double(1000))
        #expect(try parse("18446744073709551616") == .double(18446744073709551616))
    }

    @Test func stringsDecodeEveryEscape() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""caf\u00e9 \u00E9""#) == .string("café é"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"naïve ✓\"") == .string("naïve ✓"))
    }

    @Test func containersNestAndTheLastDuplicateWins() throws {
        #expect(try parse(#"{"a":[1,{"b":null}],"c":{},"d":[]}"#) == .object([
            "a": .array([.integer(1), .object(["b": .null])]), "c": .object([:]), "d": .array([]),
        ]))
        #expect(try parse(#"{"k":1,"k":2}"#) == .object(["k": .integer(2)]))
    }

    @Test(arguments: [
        "", " ", "01", "1.", ".5", "+1", "-", "1e", "--1", "[1,]", "[1 2]", #"{"a":1,}"#, "{'a':1}",
        #"{"a" 1}"#, "{1:2}", "tru", "nul", #""\x""#, "\"\u{01}\"", #""\ud800""#, #""\udc00""#,
        #""\ud800\u0041""#, #""\u12G4""#, "\"open", "1 2", "[", "{", "NaN", "Infinity", "1e400",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(throws: JSONParser.Failure.self) { try parse(text) }
    }

    @Test func invalidUTF8InAStringIsRefused() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func failuresNameTheByteOffset() {
        do {
            _ = try parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 12)
            #expect(error.description == "not valid JSON at byte 12: unexpected character")
        }
    }

    @Test func nestingIsBoundedAtTheMaximumDepth() throws {
        let limit = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try parse(deepest) }
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONParser.Failure.self) { try parse(tooDeep) }
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        let value = JSONValue.object([
            "z": .array([.integer(-3), .unsignedInteger(.max), .double(0.25), .double(2), .null, .bool(false)]),
            "a": .string("quote\" backslash\\ newline\n tab\t bell\u{07} é 😀 </script>"),
            "m": .object(["": .string(""), "nested": .array([.array([])])]),
        ])
        let bytes = JSONWriter.bytes(value)
        #expect(try JSONParser.parse(bytes) == value)
    }

    @Test func writerSortsMembersAndEscapesControlCharacters() {
        let value = JSONValue.object(["b": .array([.integer(1), .double(1.5)]), "a": .string("x\"y\n\u{01}"), "c": .null])
        #expect(String(decoding: JSONWriter.bytes(value), as: UTF8.self) == #"{"a":"x\"y\n\u0001","b":[1,1.5],"c":null}"#)
    }
}

/// Seeded random documents: what the writer writes, the parser reads back unchanged, and
/// Foundation's decoder reads the same values from it (except that Foundation, asked for a
/// `JSONValue`, takes an integral double such as `3.0` as an integer; the parser keeps it).
@Suite struct JSONRoundTripTests {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static func string(_ random: inout SplitMix) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "€", "😀", "\u{2028}"]
        return String(String.UnicodeScalarView((0..<random.below(12)).map { _ in pool[random.below(pool.count)] }))
    }

    static func value(_ random: inout SplitMix, depth: Int) -> JSONValue {
        switch random.below(depth >= 4 ? 6 : 8) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 1)
        case 2: return .integer(Int64(bitPattern: random.next()) >> random.below(64))
        case 3: return .unsignedInteger(UInt64(Int64.max) + 1 + random.next() % UInt64(Int64.max))
        case 4: return .double(Double(Int64(bitPattern: random.next()) >> 11) / Double(1 << random.below(40)) + 0.5)
        case 5: return .string(string(&random))
        case 6: return .array((0..<random.below(5)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.below(5) { members[string(&random)] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    static func integralDoublesAsIntegers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number): Int64(exactly: number).map { .integer($0) } ?? value
        case .array(let elements): .array(elements.map(integralDoublesAsIntegers))
        case .object(let members): .object(members.mapValues(integralDoublesAsIntegers))
        default: value
        }
    }

    @Test func randomDocumentsRoundTrip() throws {
        var random = SplitMix(state: 0x5EED)
        for _ in 0..<500 {
            let document = Self.value(&random, depth: 0)
            let bytes = JSONWriter.bytes(document)
            #expect(try JSONParser.parse(bytes) == document)
            let foundations = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            #expect(foundations == Self.integralDoublesAsIntegers(document), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
