/// Windows path arithmetic, done on strings so that documents for Windows hosts can be built and
/// tested anywhere. Both `\` and `/` separate components, as on Windows.
///
/// This is the subset of Go's `path/filepath` (Windows flavour) that the seed used: `Split`'s
/// file name for layer ids and `Dir` for the Hyper-V sandbox path. Unlike `Dir`, `.` and `..`
/// components are not cleaned away; the OCI spec carries absolute, clean paths.
public enum WindowsPath {
    static func isSeparator(_ character: Character) -> Bool { character == "\\" || character == "/" }

    /// The length of the volume prefix: `C:` (2), `\\server\share`, `\\?\Volume{...}`, else 0.
    static func volumeLength(_ path: [Character]) -> Int {
        if path.count >= 2, path[1] == ":", path[0].isLetter { return 2 }
        guard path.count >= 2, isSeparator(path[0]), isSeparator(path[1]) else { return 0 }
        // UNC or device path: the prefix runs through the second component after the leading `\\`.
        var index = 2
        var components = 0
        while index < path.count {
            if isSeparator(path[index]) {
                components += 1
                if components == 2 { return index }
            }
            index += 1
        }
        return path.count
    }

    /// The last component, ignoring trailing separators (Go `filepath.Base` without the `.` case):
    /// `C:\layers\abc\` → `abc`.
    public static func base(_ path: String) -> String {
        var characters = Array(path)
        let volume = volumeLength(characters)
        while characters.count > volume, let last = characters.last, isSeparator(last) { characters.removeLast() }
        guard let cut = characters.lastIndex(where: isSeparator), cut >= volume else {
            return String(characters[volume...])
        }
        return String(characters[(cut + 1)...])
    }

    /// Everything but the last component, without a trailing separator unless it is the root
    /// (Go `filepath.Dir`): `C:\ProgramData\Docker\windowsfilter\abc` → `C:\ProgramData\Docker\windowsfilter`,
    /// `C:\abc` → `C:\`, `abc` → `.`.
    public static func dir(_ path: String) -> String {
        let characters = Array(path)
        let volume = volumeLength(characters)
        var end = characters.count
        while end > volume, !isSeparator(characters[end - 1]) { end -= 1 }
        // `end` now sits just after the last separator (or at the volume).
        var parent = Array(characters[volume..<end])
        while parent.count > 1, let last = parent.last, isSeparator(last) { parent.removeLast() }
        let prefix = String(characters[..<volume])
        if parent.isEmpty { return prefix.isEmpty ? "." : prefix }
        return prefix + String(parent)
    }

    /// Joins components with `\`.
    public static func join(_ first: String, _ rest: String...) -> String {
        rest.reduce(first) { path, component in
            if let last = path.last, isSeparator(last) { return path + component }
            return path + "\\" + component
        }
    }
}
