import Foundation
import Testing
@testable import HCSShim

/// Many processes' streams at once: copies wait on the one event loop (no thread per stream)
/// and everything is closed again (no descriptor leaks).
@Suite struct ProcessIOScaleTests {
    @Test func twoHundredStreamsAddNoThreadsAndLeakNoDescriptors() async throws {
        let dir = try ScratchDirectory()
        let threadsBefore = Self.threadCount()
        let descriptorsBefore = Self.descriptorCount()
        var ios: [ProcessIO] = []
        for index in 0..<100 {
            let paths = StdioPaths(stdin: try dir.makeFifo("in\(index)"), stdout: try dir.makeFifo("out\(index)"))
            ios.append(try await ProcessIO.make(paths, containerID: "c\(index)", namespace: "ns", ioUID: 0, ioGID: 0))
        }
        let copiers = ios.flatMap { io in io.state.withLock { $0.outputCopiers + [$0.stdinCopier].compactMap { $0 } } }
        #expect(copiers.count == 200)
        try await Task.sleep(for: .milliseconds(100))  // every copy is now parked on the event loop
        // A thread per stream would add 200; other suites running in parallel add a few at most.
        #expect(Self.threadCount() - threadsBefore < 40)
        #expect(Self.descriptorCount() - descriptorsBefore >= 100 * 7)  // fifo pairs, pipes, closers
        for io in ios { io.close() }
        #expect(await eventually { copiers.allSatisfy(\.isFinished) })
        #expect(Self.descriptorCount() - descriptorsBefore < 40)
    }

    private static func threadCount() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
        return Int(line.split(separator: "\t").last.map(String.init) ?? "") ?? 0
    }

    private static func descriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
}
