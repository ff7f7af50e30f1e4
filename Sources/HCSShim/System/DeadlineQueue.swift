/// Items ordered by a deadline in nanoseconds: a binary min-heap, earliest first; items with
/// equal deadlines come out in insertion order.
///
/// Not thread-safe: `ShimExecutor` keeps its timers in one under its mutex.
struct DeadlineQueue<Item> {
    private struct Entry {
        let deadline: UInt64
        let order: UInt64
        let item: Item
        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : order < other.order
        }
    }

    private var heap: [Entry] = []
    private var nextOrder: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// The earliest deadline, nil when empty.
    var earliestDeadline: UInt64? { heap.first?.deadline }

    mutating func insert(_ item: Item, deadline: UInt64) {
        heap.append(Entry(deadline: deadline, order: nextOrder, item: item))
        nextOrder &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest entry, nil when empty.
    var earliest: (deadline: UInt64, item: Item)? { heap.first.map { ($0.deadline, $0.item) } }

    /// Removes and returns the earliest item if its deadline is at or before `now`.
    mutating func popDue(now: UInt64) -> Item? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        return removeEarliest()
    }

    /// Removes and returns the earliest item, nil when empty.
    @discardableResult
    mutating func removeEarliest() -> Item? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first.item }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first.item
    }
}
