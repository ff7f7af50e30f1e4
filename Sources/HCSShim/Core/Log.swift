import Synchronization

/// Structured logging in logrus's text format, which containerd copies verbatim from the
/// shim's `log` fifo into its own log:
/// `time="2026-11-29T18:25:00.123456789Z" level=info msg="task started" id=c1 pid=42`.
///
/// Thread-safe; a line is written with one `write` call by the sink the composition root
/// installs (stderr, which the serving shim points at the log fifo). Debug lines are dropped
/// unless `-debug` turned them on.
public enum Log {
    public enum Level: Int, Sendable, Comparable {
        case debug = 0, info, warning, error

        var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private struct Configuration {
        var minimum: Level = .info
        var sink: (@Sendable ([UInt8]) -> Void)?
    }

    private static let configuration = Mutex(Configuration())

    /// Installs where lines go and the lowest level written.
    public static func configure(minimum: Level, sink: @escaping @Sendable ([UInt8]) -> Void) {
        configuration.withLock { $0 = Configuration(minimum: minimum, sink: sink) }
    }

    public static func debug(_ message: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.debug, message, fields) }
    public static func info(_ message: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.info, message, fields) }
    public static func warning(_ message: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.warning, message, fields) }
    public static func error(_ message: String, _ fields: KeyValuePairs<String, Any> = [:]) { write(.error, message, fields) }

    public static func isEnabled(_ level: Level) -> Bool { configuration.withLock { level >= $0.minimum && $0.sink != nil } }

    static func write(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, Any>) {
        let sink: (@Sendable ([UInt8]) -> Void)? = configuration.withLock { level >= $0.minimum ? $0.sink : nil }
        guard let sink else { return }
        sink(Array(format(level, message, fields, at: .now()).utf8))
    }

    /// One logrus line, newline-terminated.
    static func format(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, Any>, at time: Timestamp) -> String {
        var line = "time=\"\(rfc3339(time))\" level=\(level.name) msg=\(quoted(message))"
        for (key, value) in fields { line += " \(key)=\(quoted(String(describing: value)))" }
        return line + "\n"
    }

    /// logrus quotes a value only when it needs to: empty, or any byte outside `[A-Za-z0-9-._/@^+]`.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._/@^+".utf8.contains(byte)
        }
        if plain { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` in UTC (days-from-civil inverted, no calendar library).
    static func rfc3339(_ time: Timestamp) -> String {
        let days = time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400
        let secondsOfDay = time.seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):"
            + "\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2)).\(pad(Int64(time.nanos), 9))Z"
    }
}
