import Foundation
import Testing
@testable import HCSShim

/// Fifty processes' streams at once: copies wait on the one event loop (no thread per stream)
/// and everything is closed again (no descriptor leaks).
@Suite struct ProcessIOScaleTests {
    @Test func aHundredStreamsAddNoThreadsAndCloseEveryFifo() async throws {
        let dir = try ScratchDirectory()
        let threadsBefore = ProcessCensus.threadCount()
        var ios: [ProcessIO] = []
        for index in 0..<50 {
            let paths = StdioPaths(stdin: try dir.makeFifo("in\(index)"), stdout: try dir.makeFifo("out\(index)"))
            ios.append(try await ProcessIO.make(paths, containerID: "c\(index)", namespace: "ns", ioUID: 0, ioGID: 0))
        }
        let copiers = ios.flatMap { io in io.state.withLock { $0.outputCopiers + [$0.stdinCopier].compactMap { $0 } } }
        #expect(copiers.count == 100)
        try await Task.sleep(for: .milliseconds(100))  // every copy is now parked on the event loop
        // A thread per stream would add 100; suites running in parallel add far fewer.
        #expect(ProcessCensus.threadCount() - threadsBefore < 50)
        // Per process: the stdin fifo's reader and closer and the stdout fifo (pipes are anonymous).
        #expect(Self.descriptors(under: dir.path) == 150)
        for io in ios { io.close() }
        #expect(await eventually { copiers.allSatisfy(\.isFinished) })
        #expect(Self.descriptors(under: dir.path) == 0)
    }


    /// How many of this process's descriptors refer to files under `directory`.
    private static func descriptors(under directory: String) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")
            return target?.hasPrefix(directory + "/") ?? false
        }.count
    }
}
