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
