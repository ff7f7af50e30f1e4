import Testing
@testable import HCSShim

@Suite("HCS process parameters")
struct HCSProcessParametersTests {
    static func parameters(_ json: String, fallback: String = "") throws -> String {
        try HCSProcessParameters(process: OCIProcess.decode(Array(json.utf8)), fallbackWorkingDirectory: fallback).json.text
    }

    @Test func initProcessWithoutTerminal() throws {
        let json = #"""
            {"args":["cmd","/S","/C","echo hello"],"cwd":"C:\\","env":["PATH=C:\\Windows","A=b=c"],
             "consoleSize":{"height":24,"width":80}}
            """#
        #expect(try Self.parameters(json) == #"{"CommandLine":"cmd /S /C \"echo hello\"","WorkingDirectory":"C:\\","#
            + #""Environment":{"A":"b=c","PATH":"C:\\Windows"},"CreateStdInPipe":true,"CreateStdOutPipe":true,"#
            + #""CreateStdErrPipe":true,"ConsoleSize":[0,0]}"#)
    }

    @Test func terminalEmulatesAConsoleWithoutAStderrPipe() throws {
        let json = #"{"terminal":true,"consoleSize":{"height":50,"width":132},"args":["powershell"],"cwd":"C:\\w","user":{"username":"ContainerAdministrator"}}"#
        #expect(try Self.parameters(json) == #"{"CommandLine":"powershell","User":"ContainerAdministrator","#
            + #""WorkingDirectory":"C:\\w","EmulateConsole":true,"CreateStdInPipe":true,"CreateStdOutPipe":true,"#
            + #""ConsoleSize":[50,132]}"#)
    }

    @Test func execFallsBackToTheInitWorkingDirectoryAndKeepsAGivenCommandLine() throws {
        let json = #"{"args":["ignored"],"commandLine":"cmd /c \"dir & exit\"","cwd":""}"#
        #expect(try Self.parameters(json, fallback: #"C:\app"#) == #"{"CommandLine":"cmd /c \"dir \u0026 exit\"","#
            + #""WorkingDirectory":"C:\\app","CreateStdInPipe":true,"CreateStdOutPipe":true,"CreateStdErrPipe":true,"#
            + #""ConsoleSize":[0,0]}"#)
    }

    @Test func aProcessWithoutCommandIsInvalid() {
        #expect(throws: ShimError.invalidArgument("command line: the process has no arguments")) {
            try Self.parameters(#"{"cwd":"C:\\"}"#)
        }
    }
}
