import Testing
@testable import HCSShim

/// The stream copier under every IO path (named IO… so `swift test --filter IO` selects it).
@Suite struct IOCopierTests {
    @Test func aGoneReaderSwitchesToDiscardingSoTheWriterNeverBlocks() async throws {
        let source = try FileDescriptor.stdioPipe(shimReads: true)
        let destination = try FileDescriptor.stdioPipe(shimReads: false)
        try destination.write.setNonBlocking()
        destination.read.close()  // the reader is gone for good: writes fail with EPIPE
        let copier = Copier.start("stdout", from: source.read, to: destination.write)
        // 1 MiB is far more than a pipe holds: this only completes if the copier keeps reading.
        let chunk = [UInt8](repeating: 7, count: 65536)
        for _ in 0..<16 { _ = try source.write.write(chunk).map { #expect($0 > 0) }; try await pause() }
        source.write.close()
        await copier.finished()
        #expect(copier.counts.copied == 0)
        #expect(copier.counts.discarded > 0)
    }

    @Test func stopEndsACopyWhoseSourceNeverCloses() async throws {
        let source = try FileDescriptor.stdioPipe(shimReads: true)
        defer { source.write.close() }
        let destination = try FileDescriptor.stdioPipe(shimReads: false)
        defer { destination.read.close() }
        let copier = Copier.start("stdout", from: source.read, to: destination.write)
        _ = try source.write.write(Array("x".utf8))
        #expect(await eventually { copier.counts.copied == 1 })
        #expect(!copier.isFinished)
        copier.stop()
        await copier.finished()
        #expect(copier.isFinished)
        copier.stop()  // idempotent after the end
    }

    @Test func aBoundedWaitForFinishReturnsWhenCanceled() async throws {
        let source = try FileDescriptor.stdioPipe(shimReads: true)
        let destination = try FileDescriptor.stdioPipe(shimReads: false)
        defer { source.write.close(); destination.read.close() }
        let copier = Copier.start("stdout", from: source.read, to: destination.write)
        let started = SystemClock.monotonicNanos()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await copier.finished() }
            group.addTask { try? await Task.sleep(for: .milliseconds(100)) }
            await group.next()
            group.cancelAll()
        }
        // The source never closes: returning at all (well before any test timeout) is the proof.
        #expect(SystemClock.monotonicNanos() - started < 30_000_000_000)
        #expect(!copier.isFinished)
        copier.stop()
        await copier.finished()
    }

    private func pause() async throws { try await Task.sleep(for: .milliseconds(2)) }
}
