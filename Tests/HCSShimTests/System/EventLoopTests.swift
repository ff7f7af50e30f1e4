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
}
