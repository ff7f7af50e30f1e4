/// The shim's command line, parsed with Go `flag` package rules, as containerd builds it:
/// `-namespace ns -address /run/containerd/containerd.sock -publish-binary /usr/bin/containerd
/// -id ID [-debug] [-bundle B] start|delete`, or no action to serve.
///
/// Single or double dashes, `-flag value` or `-flag=value`, boolean flags bare or `=true`;
/// flags stop at the first positional word (the action). Unknown flags are tolerated: one
/// followed by a word that is not itself a flag or an action takes it as its value.
public struct ShimArguments: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        case serve, start, delete, info, version
    }

    public var action: Action = .serve
    public var namespace = ""
    public var address = ""
    public var publishBinary = ""
    public var id = ""
    public var bundle = ""
    /// Set by `start` for the daemon it spawns; containerd never passes it.
    public var socket = ""
    public var debug = false
    public var unknownFlags: [String] = []

    public init() {}

    static let booleanFlags: Set<String> = ["debug", "v", "info", "version"]
    static let actions: Set<String> = ["start", "delete"]

    public init(parsing arguments: [String]) throws(ShimError) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("-"), word != "-", word != "--" else {
                guard let action = Action(rawValue: word), Self.actions.contains(word) else {
                    throw ShimError.invalidArgument("unknown action \"\(word)\" (expected start or delete)")
                }
                self.action = action
                continue
            }
            let body = word.drop { $0 == "-" }
            let name: String
            var value: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            if Self.booleanFlags.contains(name) {
                let on = value.map { ["1", "t", "true", "TRUE", "True"].contains($0) } ?? true
                switch name {
                case "debug": debug = on
                case "v", "version": if on { action = .version }
                default: if on { action = .info }
                }
                continue
            }
            if value == nil, index < arguments.count, !arguments[index].hasPrefix("-"),
                !Self.actions.contains(arguments[index]) || Self.knownValueFlags.contains(name) {
                value = arguments[index]
                index += 1
            }
            try assign(name, value ?? "")
        }
    }

    static let knownValueFlags: Set<String> = ["namespace", "address", "publish-binary", "id", "bundle", "socket"]

    private mutating func assign(_ name: String, _ value: String) throws(ShimError) {
        switch name {
        case "namespace": namespace = value
        case "address": address = value
        case "publish-binary": publishBinary = value
        case "id": id = value
        case "bundle": bundle = value
        case "socket": socket = value
        default: unknownFlags.append(name)
        }
    }
}
