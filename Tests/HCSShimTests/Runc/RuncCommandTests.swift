import Testing
@testable import HCSShim

@Suite struct RuncCommandTests {
    let command = RuncCommand(binary: "runc", root: "/run/containerd/runc/default", logPath: "/b/log.json")

    @Test func globalFlagsComeFirst() {
        var systemd = command
        systemd.systemdCgroup = true
        systemd.criuPath = "/usr/sbin/criu"
        #expect(systemd.arguments(for: .start(id: "c1")) == [
            "runc", "--root", "/run/containerd/runc/default", "--log", "/b/log.json", "--log-format", "json",
            "--systemd-cgroup", "--criu", "/usr/sbin/criu", "start", "c1",
        ])
        let noLog = RuncCommand(binary: "/usr/bin/crun", root: "/r", logPath: nil)
        #expect(noLog.arguments(for: .state(id: "c1")) == ["/usr/bin/crun", "--root", "/r", "state", "c1"])
    }

    @Test(arguments: [
        (RuncOperation.create(id: "c1", bundle: "/b", pidFile: "/b/init.pid", consoleSocket: nil, noPivot: false, noNewKeyring: false),
         ["create", "--bundle", "/b", "--pid-file", "/b/init.pid", "c1"]),
        (.create(id: "c1", bundle: "/b", pidFile: "/b/init.pid", consoleSocket: "/tmp/s.sock", noPivot: true, noNewKeyring: true),
         ["create", "--bundle", "/b", "--pid-file", "/b/init.pid", "--console-socket", "/tmp/s.sock", "--no-pivot", "--no-new-keyring", "c1"]),
        (.exec(id: "c1", processFile: "/b/p.json", pidFile: "/b/e1.pid", consoleSocket: nil),
         ["exec", "--detach", "--pid-file", "/b/e1.pid", "--process", "/b/p.json", "c1"]),
        (.exec(id: "c1", processFile: "/b/p.json", pidFile: "/b/e1.pid", consoleSocket: "/s"),
         ["exec", "--detach", "--pid-file", "/b/e1.pid", "--process", "/b/p.json", "--console-socket", "/s", "c1"]),
        (.kill(id: "c1", signal: 15, all: false), ["kill", "c1", "15"]),
        (.kill(id: "c1", signal: 9, all: true), ["kill", "--all", "c1", "9"]),
        (.delete(id: "c1", force: false), ["delete", "c1"]),
        (.delete(id: "c1", force: true), ["delete", "--force", "c1"]),
        (.ps(id: "c1"), ["ps", "--format", "json", "c1"]),
        (.pause(id: "c1"), ["pause", "c1"]),
        (.resume(id: "c1"), ["resume", "c1"]),
        (.update(id: "c1"), ["update", "--resources", "-", "c1"]),
        (.checkpoint(id: "c1", options: .init(imagePath: "/img", workPath: "/work", leaveRunning: true, tcpEstablished: true,
                                             externalUnixSockets: true, shellJob: true, fileLocks: true,
                                             emptyNamespaces: ["network"], manageCgroupsMode: "soft")),
         ["checkpoint", "--image-path", "/img", "--work-path", "/work", "--leave-running", "--tcp-established",
          "--ext-unix-sk", "--shell-job", "--file-locks", "--empty-ns", "network", "--manage-cgroups-mode", "soft", "c1"]),
        (.restore(id: "c1", bundle: "/b", pidFile: "/b/init.pid", consoleSocket: nil, noPivot: false,
                  options: .init(imagePath: "/img", parentPath: "/parent")),
         ["restore", "--detach", "--pid-file", "/b/init.pid", "--bundle", "/b", "--no-subreaper",
          "--image-path", "/img", "--parent-path", "/parent", "c1"]),
    ])
    func subcommandArguments(operation: RuncOperation, expected: [String]) {
        let argv = command.arguments(for: operation)
        #expect(Array(argv.dropFirst(7)) == expected)
    }

    @Test(arguments: [
        ("container \"c1\" does not exist", ShimError.Code.notFound),
        ("container not running", .notFound),
        ("process already finished", .notFound),
        ("no such process", .notFound),
        ("exec: \"nope\": executable file not found in $PATH", .notFound),
        ("container with id exists: c1 ... already exists", .alreadyExists),
        ("container_linux.go:380: starting container process caused: permission denied", .unknown),
        ("", .unknown),
    ])
    func errorsAreClassifiedFromTheRuntimeMessage(message: String, code: ShimError.Code) {
        let error = RuncErrors.classify(operation: "runc kill", message: message)
        #expect(error.code == code)
        #expect(error.message.hasPrefix("runc kill: "))
        if !message.isEmpty { #expect(error.message.hasSuffix(message)) }
    }

    @Test func lastErrorLineOfTheLogWins() {
        let log = Array("""
        {"level":"info","msg":"starting","time":"t"}
        {"level":"error","msg":"first failure","time":"t"}
        not json at all
        {"level":"warning","msg":"a warning","time":"t"}
        {"level":"error","msg":"container \\"x\\" does not exist","time":"t"}

        """.utf8)
        #expect(RuncErrors.lastLoggedError(log) == "container \"x\" does not exist")
        let status = ExitStatus.exited(1)
        #expect(RuncErrors.message(logBytes: [], stderr: Array("  boom\n".utf8), status: status) == "boom")
        #expect(RuncErrors.message(logBytes: [], stderr: [], status: status) == "exit status 1")
    }

    @Test func missingBinaryIsNotFoundWithAClearMessage() async {
        let missing = RuncCommand(binary: "no-such-runtime-binary", root: "/tmp/none", logPath: nil)
        do {
            try await missing.run(.state(id: "x"))
            Issue.record("a missing runtime binary ran")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("no-such-runtime-binary"))
        }
    }

    @Test func realRuntimeErrorsAreClassified() async throws {
        let base = try Files.makeTemporaryDirectory(prefix: "hcsshim-runc-errors-")
        defer { Files.remove(base + "/log.json"); Files.removeDirectory(base) }
        let runc = RuncCommand(binary: "runc", root: base, logPath: base + "/log.json")
        do {
            try await runc.run(.kill(id: "missing", signal: 9, all: false))
            Issue.record("kill of a missing container succeeded")
        } catch {
            #expect(error.code == .notFound, "\(error)")
        }
    }
}
