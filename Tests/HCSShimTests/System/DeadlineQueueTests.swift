import Testing
@testable import HCSShim

@Suite struct DeadlineQueueTests {
    @Test func popsInDeadlineOrderThenInsertionOrder() {
        var queue = DeadlineQueue<String>()
        let deadlines: [(String, UInt64)] = [("e", 50), ("a", 10), ("c", 30), ("b", 20), ("c2", 30), ("d", 40)]
        for (item, deadline) in deadlines { queue.insert(item, deadline: deadline) }
        #expect(queue.count == 6)
        #expect(queue.earliestDeadline == 10)
        #expect(queue.popDue(now: 5) == nil)  // nothing due yet
        var out: [String] = []
        while let item = queue.popDue(now: 35) { out.append(item) }
        #expect(out == ["a", "b", "c", "c2"])
        #expect(queue.earliest?.item == "d")
        #expect(queue.removeEarliest() == "d")
        #expect(queue.removeEarliest() == "e")
        #expect(queue.removeEarliest() == nil)
        #expect(queue.isEmpty)
    }

    @Test func manyRandomDeadlinesComeOutSorted() {
        var generator = SystemRandomNumberGenerator()
        var queue = DeadlineQueue<Int>()
        let values = (0..<2_000).map { _ in UInt64.random(in: 0..<500, using: &generator) }
        for (index, value) in values.enumerated() { queue.insert(index, deadline: value) }
        var previous: (deadline: UInt64, index: Int)?
        while let index = queue.removeEarliest() {
            let current = (values[index], index)
            if let previous {
                #expect(previous.deadline < current.0 || (previous.deadline == current.0 && previous.index < current.1))
            }
            previous = current
        }
        #expect(previous != nil)
    }
}
