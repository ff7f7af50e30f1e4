import Testing
@testable import HCSShim

@Suite("HCS signal table")
struct HCSSignalMappingTests {
    typealias Row = (signal: Int32, isInit: Bool, signals: Bool, action: HCSSignalAction?)

    static let rows: [Row] = [
        // SIGKILL: the seed's terminate, with or without signal support.
        (9, true, false, .terminateSystem), (9, true, true, .terminateSystem),
        (9, false, false, .terminateProcess), (9, false, true, .terminateProcess),
        // Hosts with HcsSignalProcess: Ctrl events (runhcs's WCOW map).
        (0, true, true, .ctrlEvent(.ctrlC)), (1, false, true, .ctrlEvent(.ctrlBreak)),
        (2, true, true, .ctrlEvent(.ctrlClose)), (5, false, true, .ctrlEvent(.ctrlLogOff)),
        (6, true, true, .ctrlEvent(.ctrlShutdown)), (15, true, true, .ctrlEvent(.ctrlShutdown)),
        (15, false, true, .ctrlEvent(.ctrlShutdown)), (10, true, true, nil), (3, false, true, nil),
        // Older hosts: the seed stops the container on any other signal; execs take 6 and 15.
        (15, true, false, .terminateProcessAndShutdownSystem), (2, true, false, .terminateProcessAndShutdownSystem),
        (10, true, false, .terminateProcessAndShutdownSystem),
        (15, false, false, .terminateProcess), (6, false, false, .terminateProcess),
        (2, false, false, nil), (1, false, false, nil),
    ]

    @Test(arguments: rows.indices)
    func row(_ index: Int) {
        let row = Self.rows[index]
        let result = Result { () throws(ShimError) in
            try HCSSignalMapping.action(for: row.signal, isInit: row.isInit, hostSupportsSignals: row.signals)
        }
        switch (result, row.action) {
        case (.success(let action), let expected?):
            #expect(action == expected, "signal \(row.signal)")
        case (.failure(let error), nil):
            #expect(error.code == .failedPrecondition)
        case (.success(let action), nil):
            Issue.record("signal \(row.signal) should be invalid, got \(action)")
        case (.failure(let error), let expected?):
            Issue.record("signal \(row.signal) should map to \(expected), got \(error)")
        }
    }

    @Test func signalsNeedRS5() {
        #expect(!RecordingHCSAPI(hostBuild: 17134).supportsSignals)
        #expect(RecordingHCSAPI(hostBuild: 17763).supportsSignals)
    }

    @Test func requestDocuments() {
        #expect(HCSRequests.signal(.ctrlShutdown).text == #"{"Signal":"CtrlShutdown"}"#)
        #expect(HCSRequests.resizeConsole(ConsoleSize(width: 120, height: 40)).text
            == #"{"Operation":"ConsoleSize","ConsoleSize":{"Height":40,"Width":120}}"#)
        #expect(HCSRequests.closeStdin.text == #"{"Operation":"CloseHandle","CloseHandle":{"Handle":"StdIn"}}"#)
        #expect(HCSRequests.propertyQuery(["Statistics"]).text == #"{"PropertyTypes":["Statistics"]}"#)
    }
}
