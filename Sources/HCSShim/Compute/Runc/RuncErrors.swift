#if os(Linux)
/// Classifies a failed OCI runtime call into a `ShimError`, from the runtime's stderr and the
/// last error line it wrote to `log.json` (runc and crun both log `{"level":"error","msg":…}`).
///
/// The table follows containerd's runc-v2 shim (`checkKillError`, errdefs): a container or
/// process that is gone is `.notFound` — which is what makes a kill of an exited process
/// report NotFound — a duplicate id is `.alreadyExists`, anything else `.unknown` carrying the
/// runtime's own message.
enum RuncErrors {
    /// Substrings (lowercased) meaning "no such container or process".
    static let notFoundMarkers = [
        "does not exist", "not found", "no such process", "process already finished",
        "container not running",
    ]
    static let alreadyExistsMarkers = ["already exists"]

    /// `operation` names the call ("runc create"); `message` is the runtime's text.
    static func classify(operation: String, message: String) -> ShimError {
        let text = message.isEmpty ? "failed with no message" : message
        let lowered = text.lowercased()
        if alreadyExistsMarkers.contains(where: lowered.contains) {
            return ShimError(.alreadyExists, "\(operation): \(text)")
        }
        if notFoundMarkers.contains(where: lowered.contains) {
            return ShimError(.notFound, "\(operation): \(text)")
        }
        return ShimError(.unknown, "\(operation): \(text)")
    }

    /// The most useful message of a failed call: the last `error`-level entry of the log bytes
    /// written during the call, else the trimmed stderr, else the exit status.
    static func message(logBytes: [UInt8], stderr: [UInt8], status: ExitStatus) -> String {
        if let logged = lastLoggedError(logBytes) { return logged }
        let text = String(decoding: stderr, as: UTF8.self).trimmedLines
        return text.isEmpty ? "exit status \(status.code)" : text
    }

    private struct LogLine: Decodable {
        var level: String?
        var msg: String?
    }

    /// The `msg` of the last line whose `level` is `error` (or `fatal`) in JSON-lines bytes.
    static func lastLoggedError(_ bytes: [UInt8]) -> String? {
        var found: String?
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let entry = try? JSONValueDecoder.decode(LogLine.self, from: Array(line), what: "log line"),
                  let level = entry.level, level == "error" || level == "fatal",
                  let msg = entry.msg, !msg.isEmpty else { continue }
            found = msg
        }
        return found
    }
}

extension String {
    /// Trims surrounding whitespace and newlines.
    var trimmedLines: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
#endif
