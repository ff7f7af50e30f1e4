import ArgumentParser
import HCSShim

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "Show a task's or exec's state.")

    @OptionGroup var shim: ShimOptions
    @Option(help: "An exec id; the task's init process when omitted.")
    var execID = ""

    func run() async throws {
        let state = try await shim.client().state(id: shim.id, execID: execID)
        shim.emit(ShimReport.state(state), ShimReport.stateTable(state))
    }
}

struct PidsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pids", abstract: "List the processes in a task.")

    @OptionGroup var shim: ShimOptions

    func run() async throws {
        let processes = try await shim.client().pids(id: shim.id)
        shim.emit(ShimReport.pids(processes), ShimReport.pidsTable(processes))
    }
}

struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "Signal a task's or exec's process.")

    @OptionGroup var shim: ShimOptions
    @Option(help: "An exec id; the task's init process when omitted.")
    var execID = ""
    @Option(name: [.short, .long], help: "Signal number or name (TERM, SIGKILL, 9, ...).")
    var signal = "TERM"
    @Flag(help: "Signal every process in the task.")
    var all = false

    func run() async throws {
        guard let number = SignalName.number(signal) else { throw ValidationError("unknown signal \(signal)") }
        try await shim.client().kill(id: shim.id, execID: execID, signal: number, all: all)
        if shim.json { print(TextTable.json(.object(["signal": .integer(Int64(number))]), compact: true), terminator: "") }
    }
}

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show a task's cgroup statistics.")

    @OptionGroup var shim: ShimOptions

    func run() async throws {
        let stats = try await shim.client().stats(id: shim.id)
        shim.emit(ShimReport.stats(stats), ShimReport.statsTable(stats))
    }
}

/// Signal names as `kill -l` spells them on Linux x86-64 and arm64.
enum SignalName {
    static let numbers: [String: UInt32] = [
        "HUP": 1, "INT": 2, "QUIT": 3, "ABRT": 6, "KILL": 9, "USR1": 10, "USR2": 12, "PIPE": 13, "ALRM": 14,
        "TERM": 15, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "WINCH": 28,
    ]

    static func number(_ text: String) -> UInt32? {
        if let number = UInt32(text), number > 0, number < 65 { return number }
        let upper = text.uppercased()
        return numbers[upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper]
    }
}
