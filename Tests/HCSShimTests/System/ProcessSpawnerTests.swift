import Testing
@testable import HCSShim

@Suite struct ProcessSpawnerTests {
    @Test func runCollectsOutputAndExitCode() async throws {
        let output = try await ProcessSpawner.run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(output.status.code == 3)
        #expect(output.stdout == Array("out\n".utf8))
        #expect(output.stderr == Array("err\n".utf8))
    }

    @Test func runFeedsStdin() async throws {
        let input = Array(repeating: UInt8(ascii: "x"), count: 200_000) + Array("\n".utf8)
        let output = try await ProcessSpawner.run(["/bin/sh", "-c", "wc -c"], input: input)
        #expect(output.status.code == 0)
        #expect(String(decoding: output.stdout, as: UTF8.self).trimmingWhitespace == "200001")
    }

    @Test func signaledChildReports128PlusSignal() async throws {
        let output = try await ProcessSpawner.run(["/bin/sh", "-c", "kill -KILL $$"])
        #expect(output.status.code == 137)
    }

    @Test func missingExecutableIsNotFound() async throws {
        await #expect(throws: ShimError.self) {
            _ = try await ProcessSpawner.run(["/nonexistent/definitely-not-here"])
        }
        do {
            _ = try await ProcessSpawner.run(["definitely-not-a-binary-xyz"])
            Issue.record("spawn of a missing binary succeeded")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func childSeesOnlyTheDescriptorsItWasGiven() async throws {
        // A leaked descriptor of ours, not close-on-exec, must still not reach the child.
        let pipe = try FileDescriptor.pipe()
        defer { pipe.read.close(); pipe.write.close() }
        let extra = try FileDescriptor.pipe()
        defer { extra.read.close(); extra.write.close() }
        let output = try await ProcessSpawner.run(["/bin/sh", "-c", "ls /proc/self/fd"])
        let fds = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        // 0, 1, 2 plus the fd `ls` opens for /proc/self/fd itself.
        #expect(fds.filter { $0 > 3 }.isEmpty, "child saw \(fds)")
    }

    @Test func extraFilesArriveAsFd3() async throws {
        let pipe = try FileDescriptor.pipe()
        defer { ProcessSpawner.closeWatched(pipe.read) }
        let pid = try ProcessSpawner.spawn(["/bin/sh", "-c", "echo via3 >&3"], extraFiles: [pipe.write])
        pipe.write.close()
        let status = await Reaper.shared.wait(pid: pid)
        #expect(status.code == 0)
        try pipe.read.setNonBlocking()
        #expect(await ProcessSpawner.readToEnd(pipe.read) == Array("via3\n".utf8))
    }

    @Test func childHasEmptySignalMaskAndNewProcessGroup() async throws {
        let pipe = try FileDescriptor.pipe()
        defer { ProcessSpawner.closeWatched(pipe.read) }
        let pid = try ProcessSpawner.spawn(
            ["/bin/sh", "-c", "grep -E '^(SigBlk|SigIgn)' /proc/self/status; cut -d' ' -f5 /proc/self/stat"],
            stdout: pipe.write, newProcessGroup: true)
        pipe.write.close()
        _ = await Reaper.shared.wait(pid: pid)
        try pipe.read.setNonBlocking()
        let text = String(decoding: await ProcessSpawner.readToEnd(pipe.read), as: UTF8.self)
        #expect(text.contains("SigBlk:\t0000000000000000"), "\(text)")
        // Standard signals (1–31) all at their defaults; glibc reserves 32/33 for itself.
        let ignored = text.split(separator: "\n").first { $0.hasPrefix("SigIgn:") }
            .flatMap { UInt64($0.dropFirst("SigIgn:\t".count), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(text)")
        // The field after the ppid in /proc/<pid>/stat is the pgrp: the child leads its own group.
        let lines = text.split(separator: "\n")
        #expect(lines.last.map(String.init) == String(pid))
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
