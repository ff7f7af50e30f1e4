import Testing
@testable import HCSShim

extension Robustness {
    /// Malformed ids and relative paths are refused at the Task service's edge with
    /// `.invalidArgument`, before the backend (and so any path) is touched.
    @Suite struct EdgeValidationTests {
        /// Ids that must never name a directory: traversal, separators, NUL, leading separators,
        /// over-long, empty-looking.
        static let badIDs = [
            "../x", "..", "a/b", "/abs", "a\u{0}b", String(repeating: "a", count: 200), ".hidden", "a..b",
            "a b", "a\nb", "-lead", "trail-", "é",
        ]

        let backend = FakeComputeBackend()
        let service: TaskService

        init() {
            service = TaskService(backend: backend, publisher: RecordingPublisher(), shimPID: 1, onShutdown: {})
        }

        func expectInvalid(_ what: String, _ body: () async throws(ShimError) -> Void) async {
            do {
                try await body()
                Issue.record("\(what): accepted")
            } catch {
                #expect(error.code == .invalidArgument, "\(what): \(error)")
            }
        }

        @Test(arguments: badIDs)
        func createRefusesBadContainerIDWithoutCallingTheBackend(id: String) async {
            await expectInvalid("create \(id)") { () async throws(ShimError) in
                _ = try await service.create(ContainerSpec(id: id, bundle: "/run/b/x", namespace: "ns"))
            }
            #expect(backend.recorded.isEmpty)
            #expect(await service.containerCount == 0)
        }

        @Test(arguments: ["", "relative/bundle", "./b", "b\u{0}/x"])
        func createRefusesNonAbsoluteBundle(bundle: String) async {
            await expectInvalid("bundle \(bundle)") { () async throws(ShimError) in
                _ = try await service.create(ContainerSpec(id: "c1", bundle: bundle, namespace: "ns"))
            }
            #expect(backend.recorded.isEmpty)
        }

        @Test func createRefusesBadNamespaceAndRelativeCheckpoints() async {
            await expectInvalid("namespace") { () async throws(ShimError) in
                _ = try await service.create(ContainerSpec(id: "c1", bundle: "/b", namespace: "../etc"))
            }
            await expectInvalid("checkpoint") { () async throws(ShimError) in
                _ = try await service.create(ContainerSpec(id: "c1", bundle: "/b", namespace: "ns", checkpoint: "img"))
            }
            await expectInvalid("parent checkpoint") { () async throws(ShimError) in
                _ = try await service.create(
                    ContainerSpec(id: "c1", bundle: "/b", namespace: "ns", checkpoint: "/img", parentCheckpoint: "../p"))
            }
            #expect(backend.recorded.isEmpty)
        }

        /// Every entry taking a container id answers a malformed one `.invalidArgument`, and one
        /// taking an exec id likewise, even while a real container exists.
        @Test(arguments: badIDs)
        func everyEntryRefusesBadIDs(bad: String) async throws {
            _ = try await service.create(ContainerSpec(id: "c1", bundle: "/run/b/c1", namespace: "ns"))
            _ = try await service.start(id: "c1", execID: "")
            let before = backend.recorded
            let exec = ExecSpec(execID: bad, stdio: StdioPaths(), processJSON: Array("{}".utf8))
            await expectInvalid("start") { () async throws(ShimError) in _ = try await service.start(id: bad, execID: "") }
            await expectInvalid("state") { () async throws(ShimError) in _ = try await service.state(id: bad, execID: "") }
            await expectInvalid("delete") { () async throws(ShimError) in _ = try await service.delete(id: bad, execID: "") }
            await expectInvalid("kill") { () async throws(ShimError) in try await service.kill(id: bad, execID: "", signal: 9, all: false) }
            await expectInvalid("wait") { () async throws(ShimError) in _ = try await service.wait(id: bad, execID: "") }
            await expectInvalid("pids") { () async throws(ShimError) in _ = try await service.pids(id: bad) }
            await expectInvalid("pause") { () async throws(ShimError) in try await service.pause(id: bad) }
            await expectInvalid("checkpoint") { () async throws(ShimError) in
                try await service.checkpoint(id: bad, CheckpointSpec(path: "/img"))
            }
            await expectInvalid("exec id") { () async throws(ShimError) in try await service.exec(id: "c1", exec) }
            await expectInvalid("exec container") { () async throws(ShimError) in
                try await service.exec(id: bad, ExecSpec(execID: "e1", stdio: StdioPaths(), processJSON: []))
            }
            await expectInvalid("start exec") { () async throws(ShimError) in _ = try await service.start(id: "c1", execID: bad) }
            await expectInvalid("state exec") { () async throws(ShimError) in _ = try await service.state(id: "c1", execID: bad) }
            await expectInvalid("kill exec") { () async throws(ShimError) in
                try await service.kill(id: "c1", execID: bad, signal: 9, all: false)
            }
            await expectInvalid("delete exec") { () async throws(ShimError) in _ = try await service.delete(id: "c1", execID: bad) }
            #expect(backend.recorded == before, "a bad id reached the backend")
        }

        /// `delete` (containerd's cleanup after a shim) never reaches the backend's cleanup,
        /// which builds runtime paths from both, with a malformed id or namespace.
        @Test(arguments: badIDs)
        func deleteActionNeverCleansUpUnderABadIDOrNamespace(bad: String) async {
            var arguments = ShimArguments()
            arguments.bundle = "/nonexistent/hcsshim-bundle"
            arguments.namespace = "ns"
            arguments.id = bad
            _ = await DeleteAction.run(arguments, backend: backend)
            arguments.id = "c1"
            arguments.namespace = bad
            _ = await DeleteAction.run(arguments, backend: backend)
            #expect(backend.recorded.isEmpty)
            arguments.namespace = "ns"
            _ = await DeleteAction.run(arguments, backend: backend)
            #expect(backend.recorded == ["cleanup c1"])  // control: a good pair is cleaned up
        }

        /// `start` refuses a malformed id or namespace before it touches the socket directory.
        @Test(arguments: badIDs)
        func startActionRefusesBadIDAndNamespace(bad: String) async {
            var arguments = ShimArguments()
            arguments.namespace = "ns"
            arguments.id = bad
            await expectInvalid("start id") { () async throws(ShimError) in _ = try await StartAction.run(arguments) }
            arguments.id = "c1"
            arguments.namespace = bad
            await expectInvalid("start namespace") { () async throws(ShimError) in _ = try await StartAction.run(arguments) }
        }

        @Test func checkpointRefusesRelativeImageAndWorkPaths() async throws {
            _ = try await service.create(ContainerSpec(id: "c1", bundle: "/run/b/c1", namespace: "ns"))
            _ = try await service.start(id: "c1", execID: "")
            await expectInvalid("relative image") { () async throws(ShimError) in
                try await service.checkpoint(id: "c1", CheckpointSpec(path: "img"))
            }
            await expectInvalid("empty image") { () async throws(ShimError) in
                try await service.checkpoint(id: "c1", CheckpointSpec(path: ""))
            }
            await expectInvalid("relative work path") { () async throws(ShimError) in
                try await service.checkpoint(id: "c1", CheckpointSpec(path: "/img", workPath: "work"))
            }
        }

        /// `file://` and `binary://` stdio must name absolute paths; `binary://` arguments stay
        /// separate words (no shell ever sees them).
        @Test func stdioURIsRequireAbsolutePathsAndKeepArgumentsApart() throws {
            for stdout in ["file://relative/log", "binary://logger", "binary://host/", "file://"] {
                #expect(throws: ShimError.self, "\(stdout)") { try StdioSpec(StdioPaths(stdout: stdout)) }
            }
            #expect(throws: ShimError.self) { try StdioSpec(StdioPaths(stdout: "ftp:///x")) }
            let spec = try StdioSpec(StdioPaths(stdout: "binary:///bin/logger?a=%3Brm%20-rf%20%2F&b=%24(id)"))
            #expect(spec == .binary(stdin: "", path: "/bin/logger", arguments: ["a", ";rm -rf /", "b", "$(id)"]))
        }
    }
}
