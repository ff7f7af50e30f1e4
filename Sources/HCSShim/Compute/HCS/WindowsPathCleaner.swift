/// Go's `filepath.Clean` on Windows, on UTF-8 bytes: the shortest path naming the same file by
/// lexical rules alone, as the seed's `filepath.Dir` produced it.
///
/// Rules, applied to what follows the volume prefix (which is kept as written):
/// 1. runs of separators (`\` or `/`) become one;
/// 2. `.` elements are dropped;
/// 3. a `..` element removes the element before it; a `..` that has nothing to remove is
///    dropped after a root and kept otherwise (`a\..\..\b` → `..\b`, `\..\b` → `\b`);
/// 4. the result ends in a separator only when it is a root (`C:\`); empty becomes `.`;
/// 5. a relative path without volume whose first element came from later in the input and holds
///    a `:` gets `.\` in front, so `a\..\c:` does not turn into the drive `c:`;
/// 6. every `/` becomes `\`. A bare UNC volume (`\\host\share`) is returned with only rule 6; a
///    bare drive gets `.` (`C:` → `C:.`).
enum WindowsPathCleaner {
    typealias Bytes = [UInt8]

    static func clean(_ original: Bytes) -> Bytes {
        let volume = WindowsPath.volumeLength(original)
        let path = Array(original[volume...])
        if path.isEmpty {
            if volume > 1 && original[1] != WindowsPath.colon { return WindowsPath.fromSlash(original) }
            return original + [WindowsPath.dot]
        }
        let rooted = WindowsPath.isSeparator(path[0])
        var out: Bytes = []
        // `..` never backtracks below `floor`: the root, or a kept leading `..\..` run.
        var floor = 0
        var start = 0
        if rooted {
            out.append(WindowsPath.backslash)
            floor = 1
            start = 1
        }
        while start < path.count {
            if WindowsPath.isSeparator(path[start]) {
                start += 1
                continue
            }
            var end = start
            while end < path.count, !WindowsPath.isSeparator(path[end]) { end += 1 }
            let element = path[start..<end]
            if element.elementsEqual([WindowsPath.dot]) {
                // Rule 2.
            } else if element.elementsEqual([WindowsPath.dot, WindowsPath.dot]) {
                if out.count > floor {
                    removeLastElement(&out, floor: floor)
                } else if !rooted {
                    if !out.isEmpty { out.append(WindowsPath.backslash) }
                    out += [WindowsPath.dot, WindowsPath.dot]
                    floor = out.count
                }
            } else {
                if out.count != (rooted ? 1 : 0) { out.append(WindowsPath.backslash) }
                if out.isEmpty && volume == 0 && start != 0 && element.contains(WindowsPath.colon) {
                    out += [WindowsPath.dot, WindowsPath.backslash]
                }
                out += element
            }
            start = end
        }
        if out.isEmpty { out = [WindowsPath.dot] }
        return WindowsPath.fromSlash(Array(original[..<volume]) + out)
    }

    /// Drops the last element and the separator before it, never going below `floor`.
    private static func removeLastElement(_ out: inout Bytes, floor: Int) {
        var length = out.count - 1
        while length > floor && !WindowsPath.isSeparator(out[length]) { length -= 1 }
        out.removeLast(out.count - length)
    }
}
