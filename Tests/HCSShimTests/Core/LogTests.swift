import Testing
@testable import HCSShim

@Suite struct LogTests {
    @Test func logrusTextFormat() {
        let line = Log.format(.info, "task started", ["id": "c1", "pid": 42, "path": "/run/x y"],
                              at: Timestamp(seconds: 1_700_000_000, nanos: 5))
        #expect(line == "time=\"2023-11-14T22:13:20.000000005Z\" level=info msg=\"task started\" id=c1 pid=42 path=\"/run/x y\"\n")
    }

    @Test func calendarEdges() {
        #expect(Log.rfc3339(Timestamp(seconds: 0, nanos: 0)) == "1970-01-01T00:00:00.000000000Z")
        #expect(Log.rfc3339(Timestamp(seconds: 951_782_400, nanos: 0)) == "2000-02-29T00:00:00.000000000Z")
        #expect(Log.rfc3339(Timestamp(seconds: 4_102_444_799, nanos: 999_999_999)) == "2099-12-31T23:59:59.999999999Z")
    }

    @Test func quotingEscapes() {
        #expect(Log.quoted("plain-value_1.2/x") == "plain-value_1.2/x")
        #expect(Log.quoted("") == "\"\"")
        #expect(Log.quoted("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
    }
}
