import Testing
@testable import HCSShim

@Suite("Go JSON encoding")
struct GoJSONTests {
    @Test func escapesStringsAsGoDoes() {
        let value = GoJSON.string("q\" b\\ <a&b> \n\r\t \u{01}\u{08}\u{0C}\u{1F} \u{2028}\u{2029} / é 😀")
        #expect(value.text == #""q\" b\\ \u003ca\u0026b\u003e \n\r\t \u0001\u0008\u000c\u001f \u2028\u2029 / é 😀""#)
    }

    @Test func writesNullsArraysAndNumbers() {
        let value = GoJSON.object([
            ("N", .null), ("E", .array([])), ("I", .int(-5)), ("U", .uint(UInt64.max)), ("B", .bool(false)),
            ("O", .object([])),
        ])
        #expect(value.text == #"{"N":null,"E":[],"I":-5,"U":18446744073709551615,"B":false,"O":{}}"#)
    }
}
