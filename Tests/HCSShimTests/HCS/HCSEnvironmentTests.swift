import Testing
@testable import HCSShim

@Suite("HCS environment block")
struct HCSEnvironmentTests {
    static let table: [([String], String)] = [
        (["A=b=c"], #"{"A":"b=c"}"#),
        (["PATH=C:\\Windows;C:\\bin"], #"{"PATH":"C:\\Windows;C:\\bin"}"#),
        (["=C:=C:\\work"], #"{"=C:":"C:\\work"}"#),
        (["NOEQUALS", "", "="], "{}"),
        (["EMPTY="], #"{"EMPTY":""}"#),
        (["K=1", "K=2"], #"{"K":"2"}"#),
        (["X==", "Y= spaced "], #"{"X":"=","Y":" spaced "}"#),
        // Byte order, as Go sorts map keys.
        (["b=1", "B=2", "a=3", "_=4", "É=5"], #"{"B":"2","_":"4","a":"3","b":"1","É":"5"}"#),
    ]

    @Test(arguments: table)
    func splitsAtTheFirstEquals(_ entries: [String], _ expected: String) {
        #expect(HCSEnvironment(entries: entries).json.text == expected)
    }

    // `=` followed by a combining mark is one `Character` ("=\u{301}"), so a search for the
    // `Character` "=" missed it and the entry was dropped.
    @Test func anEqualsSignBeforeACombiningMarkStillSplits() {
        let environment = HCSEnvironment(entries: ["ACCENT=\u{301}value"])
        #expect(environment.count == 1)
        #expect(environment["ACCENT"] == "\u{301}value")
        #expect(environment.json.text == "{\"ACCENT\":\"\u{301}value\"}")
    }

    /// Swift's `String ==` is canonical equivalence; Windows compares code units, so the
    /// precomposed and decomposed names are two variables.
    @Test func precomposedAndDecomposedNamesAreTwoVariables() {
        let environment = HCSEnvironment(entries: ["CAF\u{C9}=precomposed", "CAFE\u{301}=decomposed"])
        #expect(environment.count == 2)
        #expect(environment["CAF\u{C9}"] == "precomposed")
        #expect(environment["CAFE\u{301}"] == "decomposed")
        // "CAFE" + U+0301 (45 CC 81) sorts before "CAF" + U+00C9 (C3 89).
        #expect(environment.json.text == "{\"CAFE\u{301}\":\"decomposed\",\"CAF\u{C9}\":\"precomposed\"}")
    }

    @Test func theLastEntryForTheSameCodeUnitsWins() {
        let environment = HCSEnvironment(entries: ["CAF\u{C9}=1", "CAFE\u{301}=2", "CAF\u{C9}=3"])
        #expect(environment["CAF\u{C9}"] == "3")
        #expect(environment["CAFE\u{301}"] == "2")
    }

    @Test func aNameMayBeginWithACombiningMark() {
        // The first scalar is skipped before looking for `=`, so a leading mark is the name.
        #expect(HCSEnvironment(entries: ["\u{301}=x"]).json.text == "{\"\u{301}\":\"x\"}")
        #expect(HCSEnvironment(entries: ["=\u{301}x"]).isEmpty)
    }

    @Test func theProcessDocumentCarriesBothSpellings() throws {
        let process = OCIProcess(args: ["cmd"], env: ["CAF\u{C9}=1", "CAFE\u{301}=2"], cwd: "C:\\")
        let text = try HCSProcessParameters(process: process).json.text
        #expect(text.contains("\"Environment\":{\"CAFE\u{301}\":\"2\",\"CAF\u{C9}\":\"1\"}"))
    }
}
