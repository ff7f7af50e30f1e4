import Testing
@testable import HCSShim

@Suite("Windows path arithmetic")
struct WindowsPathTests {
    @Test(arguments: [
        (#"C:\ProgramData\Docker\windowsfilter\abc"#, "abc", #"C:\ProgramData\Docker\windowsfilter"#),
        (#"C:\layers\abc\"#, "abc", #"C:\layers\abc"#),
        (#"C:\abc"#, "abc", #"C:\"#),
        ("C:/a/b", "b", "C:/a"),
        ("abc", "abc", "."),
        (#"\\?\Volume{x}\d"#, "d", #"\\?\Volume{x}\"#),
        (#"\\server\share\x\y"#, "y", #"\\server\share\x"#),
    ])
    func baseAndDir(_ path: String, _ base: String, _ dir: String) {
        #expect(WindowsPath.base(path) == base)
        #expect(WindowsPath.dir(path) == dir)
    }

    @Test func join() {
        #expect(WindowsPath.join(#"C:\l\4"#, "UtilityVM") == #"C:\l\4\UtilityVM"#)
        #expect(WindowsPath.join(#"C:\"#, "x", "y") == #"C:\x\y"#)
    }
}
