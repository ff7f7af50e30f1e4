#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HCSShim

@Suite struct EventLoopTests {
    @Test func readableResumesWhenDataArrives() async throws {
        let pipe = try FileDescriptor.pipe(nonBlocking: true)
        defer { pipe.read.close(); pipe.write.close() }
        #expect(try pipe.read.read(upTo: 16) == nil)  // empty pipe would block
        async let waited: Void = EventLoop.shared.waitReadable(pipe.read.rawValue)
        try await Task.sleep(for: .milliseconds(20))
        _ = try pipe.write.write(Array("hi".utf8))
        try await waited
        #expect(try pipe.read.read(upTo: 16) == Array("hi".utf8))
    }

    @Test func hangupWakesAReader() async throws {
        let pipe = try FileDescriptor.pipe(nonBlocking: true)
        defer { pipe.read.close() }
        async let waited: Void = EventLoop.shared.waitReadable(pipe.read.rawValue)
        pipe.write.close()
        try await waited
        #expect(try pipe.read.read(upTo: 16) == [])  // EOF
    }

    @Test func cancelWaitsFailsTheWaiterWithCanceled() async throws {
        let pipe = try FileDescriptor.pipe(nonBlocking: true)
        defer { pipe.read.close(); pipe.write.close() }
        let waiter = Task { () -> ShimError.Code? in
            do throws(ShimError) { try await EventLoop.shared.waitReadable(pipe.read.rawValue); return nil }
            catch { return error.code }
        }
        try await Task.sleep(for: .milliseconds(20))
        EventLoop.shared.cancelWaits(on: pipe.read.rawValue)
        #expect(await waiter.value == ShimError.Code.canceled)
    }

    @Test func readerAndWriterWaitOnOneDescriptorIndependently() async throws {
        let pipe = try FileDescriptor.pipe(nonBlocking: true)
        defer { pipe.read.close(); pipe.write.close() }
        // A pipe's write end is writable at once; its read end waits for data.
        try await EventLoop.shared.waitWritable(pipe.write.rawValue)
        let reader = Task { try await EventLoop.shared.waitReadable(pipe.read.rawValue) }
        try await Task.sleep(for: .milliseconds(10))
        _ = try pipe.write.write([1])
        try await reader.value
        #expect(try pipe.read.read(upTo: 4) == [1])
    }

    @Test func aReusedNumberClosedWithoutCancelCanBeWaitedOnAgain() async throws {
        let first = try FileDescriptor.pipe(nonBlocking: true)
        defer { first.read.close(); first.write.close() }
        _ = try first.write.write([1])
        try await EventLoop.shared.waitReadable(first.read.rawValue)
        _ = try first.read.read(upTo: 4)
        // Atomically put another pipe's read end at the same number, without cancelWaits: the
        // kernel drops the old registration, the loop's table still remembers the number.
        let second = try FileDescriptor.pipe(nonBlocking: true)
        defer { second.read.close(); second.write.close() }
        #expect(dup2(second.read.rawValue, first.read.rawValue) == first.read.rawValue)
        _ = try second.write.write([2])
        try await EventLoop.shared.waitReadable(first.read.rawValue)
        #expect(try first.read.read(upTo: 4) == [2])
    }
}
