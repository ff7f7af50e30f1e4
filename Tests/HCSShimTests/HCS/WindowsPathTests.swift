import Testing
@testable import HCSShim

@Suite("Windows path arithmetic")
struct WindowsPathTests {
    /// path, Clean, Dir, Split's dir, Split's file, Base — each row as Go 1.19's path/filepath
    /// on Windows gives it (`hcs-diff filepath PATH`, built from Go's own sources).
    static let goTable: [(String, String, String, String, String, String)] = [
        (#"C:\run\..\containers\c1"#, #"C:\containers\c1"#, #"C:\containers"#, #"C:\run\..\containers\"#, "c1", "c1"),
        ("C:/layers/base", #"C:\layers\base"#, #"C:\layers"#, "C:/layers/", "base", "base"),
        ("C:\\wf\\\u{301}layer", "C:\\wf\\\u{301}layer", #"C:\wf"#, #"C:\wf\"#, "\u{301}layer", "\u{301}layer"),
        (#"C:\wf\layer\"#, #"C:\wf\layer"#, #"C:\wf\layer"#, #"C:\wf\layer\"#, "", "layer"),
        (#"\\server\share\c1"#, #"\\server\share\c1"#, #"\\server\share\"#, #"\\server\share\"#, "c1", "c1"),
        (#"C:x\..\..\c2"#, #"C:..\c2"#, "C:..", #"C:x\..\..\"#, "c2", "c2"),
        (#"a\..\c:"#, #".\c:"#, ".", #"a\..\"#, "c:", "c:"),
        ("./c:/../d", #".\d"#, ".", "./c:/../", "d", "d"),
        (#"\\?\Volume{x}\d"#, #"\\?\Volume{x}\d"#, #"\\?\Volume{x}\"#, #"\\?\Volume{x}\"#, "d", "d"),
        ("C:", "C:.", "C:.", "C:", "", #"\"#),
        ("", ".", ".", "", "", "."),
        (#"\\server\share"#, #"\\server\share"#, #"\\server\share"#, #"\\server\share"#, "", #"\"#),
        (#"\\server"#, #"\server"#, #"\"#, #"\\"#, "server", "server"),
        ("/", #"\"#, #"\"#, "/", "", #"\"#),
        ("a/b/../../..", "..", ".", "a/b/../../", "..", ".."),
        (#"\..\b"#, #"\b"#, #"\"#, #"\..\"#, "b", "b"),
        (#"C:\ProgramData\Docker\windowsfilter\abc"#, #"C:\ProgramData\Docker\windowsfilter\abc"#,
         #"C:\ProgramData\Docker\windowsfilter"#, #"C:\ProgramData\Docker\windowsfilter\"#, "abc", "abc"),
    ]

    @Test(arguments: goTable)
    func asGoFilepathOnWindows(_ row: (String, String, String, String, String, String)) {
        let (path, clean, dir, splitDir, splitFile, base) = row
        #expect(WindowsPath.clean(path) == clean)
        #expect(WindowsPath.dir(path) == dir)
        #expect(WindowsPath.split(path) == (splitDir, splitFile))
        #expect(WindowsPath.base(path) == base)
    }

    // With `Character`s, a backslash followed by U+0301 is one grapheme, not a separator: the base
    // name came out as `wf`, backslash, U+0301, `layer`.
    @Test func aCombiningMarkAfterASeparatorStartsTheNextName() {
        #expect(WindowsPath.base("C:\\wf\\\u{301}layer") == "\u{301}layer")
        #expect(WindowsPath.dir("C:\\wf\\\u{301}layer") == #"C:\wf"#)
    }

    @Test func dirCleansAsTheSeedsFilepathDirDid() {
        #expect(WindowsPath.dir(#"C:\run\..\containers\c1"#) == #"C:\containers"#)
        #expect(WindowsPath.dir(#"C:\a\.\b\\c"#) == #"C:\a\b"#)
    }

    @Test func joinCleansAndUsesOneSeparator() {
        #expect(WindowsPath.join(#"C:\l\4"#, "UtilityVM") == #"C:\l\4\UtilityVM"#)
        #expect(WindowsPath.join("C:/layers/base", "UtilityVM") == #"C:\layers\base\UtilityVM"#)
        #expect(WindowsPath.join(#"C:\"#, "x", "y") == #"C:\x\y"#)
        #expect(WindowsPath.join("", "") == "")
        #expect(WindowsPath.join("C:", "", "x") == #"C:x"#)
        // Two non-UNC elements never make a UNC path.
        #expect(WindowsPath.join(#"\"#, #"\server\share"#) == #"\server\share"#)
        #expect(WindowsPath.join(#"\\server\share"#, "x") == #"\\server\share\x"#)
    }
}
