import Testing
@testable import HCSShim

@Suite struct CopierTests {
    /// A descriptor number closed without `cancelWaits` and reused must still be waitable.
    @Test func aReusedDescriptorNumberCanBeWaitedOn() async throws {
        let first = try FileDescriptor.pipe(nonBlocking: true)
        _ = try first.write.write([1])
        try await EventLoop.shared.waitReadable(first.read.rawValue)
        let number = first.read.rawValue
        first.read.close()  // no cancelWaits: the loop's table still remembers the number
        first.write.close()
        let second = try FileDescriptor.pipe(nonBlocking: true)
        defer { second.read.close(); second.write.close() }
        try #require(second.read.rawValue == number)
        _ = try second.write.write([2])
        try await EventLoop.shared.waitReadable(second.read.rawValue)
        #expect(try second.read.read(upTo: 4) == [2])
    }
}
