/// Windows path arithmetic with the results of Go's `path/filepath` on Windows — `Clean`,
/// `Split`, `Base`, `Dir`, `Join` — done on strings so that documents for Windows hosts can be
/// built and tested anywhere. The seed computed layer names with `filepath.Split` and the Hyper-V
/// sandbox path with `filepath.Dir`, so these are the seed's values.
///
/// Contract: every rule works on the UTF-8 bytes of the path, as Go's does. Separators (`\`,
/// `/`), the drive colon and `.` are ASCII, so a cut never falls inside a scalar, and a combining
/// mark after a separator (`C:\wf\\u{301}layer`) stays with the following name — unlike Swift's
/// `Character`, which would fuse it with the separator. The differential test
/// (`scripts/hcs-diff.sh`) checks these functions against Go's own code.
public enum WindowsPath {
    typealias Bytes = [UInt8]

    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")

    static func isSeparator(_ byte: UInt8) -> Bool { byte == backslash || byte == slash }

    static func text(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self) }

    /// `/` replaced by `\` (Go `FromSlash`).
    static func fromSlash(_ bytes: Bytes) -> Bytes { bytes.map { $0 == slash ? backslash : $0 } }

    /// The length of the volume prefix (Go `VolumeName`): an ASCII drive letter and colon (2), or
    /// a UNC prefix `\\server\share` — two separators, a server name not starting with a
    /// separator or `.`, one separator, a share name not starting with `.` — else 0. Go 1.19
    /// reads `\\?\Volume{…}` as server `?` and share `Volume{…}`.
    static func volumeLength(_ path: Bytes) -> Int {
        guard path.count >= 2 else { return 0 }
        let first = path[0]
        let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20)
        if path[1] == colon && isLetter { return 2 }
        guard path.count >= 5, isSeparator(path[0]), isSeparator(path[1]),
              !isSeparator(path[2]), path[2] != dot else { return 0 }
        // The server name runs to the first separator; the share must follow it directly.
        guard let serverEnd = (3..<(path.count - 1)).first(where: { isSeparator(path[$0]) }) else { return 0 }
        let shareStart = serverEnd + 1
        guard !isSeparator(path[shareStart]), path[shareStart] != dot else { return 0 }
        return (shareStart..<path.count).first(where: { isSeparator(path[$0]) }) ?? path.count
    }

    /// The directory part through the last separator and the name after it (Go `Split`):
    /// `dir + file == path`. A trailing separator gives an empty name, as the seed's layer names got.
    public static func split(_ path: String) -> (dir: String, file: String) {
        let bytes = Array(path.utf8)
        let cut = lastSeparatorEnd(bytes)
        return (text(bytes[..<cut]), text(bytes[cut...]))
    }

    /// The index just after the last separator beyond the volume, or the volume's length.
    static func lastSeparatorEnd(_ bytes: Bytes) -> Int {
        let volume = volumeLength(bytes)
        var index = bytes.count
        while index > volume, !isSeparator(bytes[index - 1]) { index -= 1 }
        return index
    }

    /// The last element, trailing separators ignored (Go `Base`): `C:\layers\abc\` → `abc`;
    /// `""` → `.`; only separators, or a bare volume such as `C:`, → `\`.
    public static func base(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        var bytes = Array(path.utf8)
        while let last = bytes.last, isSeparator(last) { bytes.removeLast() }
        bytes.removeFirst(volumeLength(bytes))
        if let cut = bytes.lastIndex(where: isSeparator) { bytes.removeFirst(cut + 1) }
        return bytes.isEmpty ? "\\" : text(bytes)
    }

    /// Everything but the last element, cleaned (Go `Dir`): `C:\run\..\containers\c1` →
    /// `C:\containers`, `C:\abc` → `C:\`, `abc` → `.`; a UNC path whose rest cleans to `.` gives
    /// its volume.
    public static func dir(_ path: String) -> String {
        let bytes = Array(path.utf8)
        let volume = volumeLength(bytes)
        let parent = WindowsPathCleaner.clean(Array(bytes[volume..<lastSeparatorEnd(bytes)]))
        if parent == [dot] && volume > 2 { return text(bytes[..<volume]) }
        return text(bytes[..<volume] + parent)
    }

    /// The shortest equivalent path by lexical rules (Go `Clean`); see `WindowsPathCleaner`.
    public static func clean(_ path: String) -> String { text(WindowsPathCleaner.clean(Array(path.utf8))) }

    /// The non-empty elements joined with `\` and cleaned (Go `Join`); `""` when all are empty.
    /// A first element that is a bare drive (`C:`) stays drive-relative, and joining never turns
    /// two non-UNC elements into a UNC path (`\` + `\server` stays `\server`, not `\\server`).
    public static func join(_ first: String, _ rest: String...) -> String {
        join([first] + rest)
    }

    /// `join` over an array of elements.
    public static func join(_ elements: [String]) -> String {
        guard let start = elements.firstIndex(where: { !$0.isEmpty }) else { return "" }
        let parts = Array(elements[start...])
        let head = parts[0]
        if head.utf8.count == 2, Array(head.utf8)[1] == colon {
            // A bare drive: the path stays relative to that drive's current directory.
            return clean(head + parts.dropFirst().drop(while: \.isEmpty).joined(separator: "\\"))
        }
        let joined = clean(parts.joined(separator: "\\"))
        guard isUNC(joined), !isUNC(clean(head)) else { return joined }
        let cleanHead = clean(head)
        let tail = clean(parts.dropFirst().joined(separator: "\\"))
        return cleanHead.utf8.last == backslash ? cleanHead + tail : cleanHead + "\\" + tail
    }

    static func isUNC(_ path: String) -> Bool { volumeLength(Array(path.utf8)) > 2 }
}
