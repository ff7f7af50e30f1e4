import Testing
@testable import HCSShim

@Suite("HCS properties")
struct HCSPropertiesTests {
    static let document = #"""
        {"Id":"c1","Statistics":{"Timestamp":"2026-11-29T18:00:00.1234567Z","ContainerStartTime":"2026-11-29T17:00:00Z",
         "Uptime100ns":36000000000,"Memory":{"MemoryUsageCommitBytes":1000,"MemoryUsageCommitPeakBytes":1500,
         "MemoryUsagePrivateWorkingSetBytes":100},"Processor":{"TotalRuntime100ns":10,"RuntimeUser100ns":4,
         "RuntimeKernel100ns":6},"Storage":{"ReadCountNormalized":2,"ReadSizeBytes":20,"WriteCountNormalized":1,
         "WriteSizeBytes":10},"Network":[]},
         "ProcessList":[{"ProcessId":1004,"ImageName":"cmd.exe","CreateTimestamp":"2026-11-29T17:00:01Z",
          "UserTime100ns":3,"KernelTime100ns":5,"MemoryCommitBytes":7,"MemoryWorkingSetPrivateBytes":8,
          "MemoryWorkingSetSharedBytes":9},{"ProcessId":1008}]}
        """#

    func harness() async throws -> HCSHarness {
        let harness = try await HCSHarness()
        harness.api.setProperties(Self.document)
        return harness
    }

    @Test func statisticsQueryTheStatisticsProperty() async throws {
        let harness = try await harness()
        let statistics = try await harness.container.statistics()
        #expect(harness.api.calls.last == .computeSystemProperties(101, query: #"{"PropertyTypes":["Statistics"]}"#))
        #expect(statistics.uptime100ns == 36_000_000_000)
        #expect(statistics.memory?.usageCommitPeakBytes == 1500)
        #expect(statistics.processor?.runtimeKernel100ns == 6)
        #expect(statistics.storage?.writeSizeBytes == 10)
        #expect(statistics.timestamp == "2026-11-29T18:00:00.1234567Z")
    }

    @Test func processListQueriesTheProcessListProperty() async throws {
        let harness = try await harness()
        let processes = try await harness.container.processList()
        #expect(harness.api.calls.last == .computeSystemProperties(101, query: #"{"PropertyTypes":["ProcessList"]}"#))
        #expect(processes.map(\.processID) == [1004, 1008])
        #expect(processes.first?.imageName == "cmd.exe")
        #expect(processes.first?.memoryWorkingSetSharedBytes == 9)
    }

    @Test func aStoppedSystemHasNoStatistics() async throws {
        let harness = try await harness()
        harness.api.fail(with: .invalidStateLegacy) { if case .computeSystemProperties = $0 { true } else { false } }
        do {
            _ = try await harness.container.statistics()
            Issue.record("statistics of a stopped system must fail")
        } catch {
            #expect(error.code == .notFound)
        }
        harness.api.setProperties("{\"Statistics\":")
        do {
            _ = try await harness.container.statistics()
            Issue.record("a broken document must fail")
        } catch {
            #expect(error.code == .internal)
        }
        await #expect(throws: ShimError.self) { _ = try await harness.container.stats() }
    }
}
