/// An append-only file of events waiting for the parent engine, read back in order.
///
/// Records are a 4-byte big-endian length and a packed `hcsshim.events.v1.EventRecord`, so a
/// spilled event keeps its sequence number and timestamp. Not thread-safe: `EventQueue` calls
/// it under its lock (hence `@unchecked Sendable`: the lock is what makes it safe). The file lives in the bundle (`events.spill`) and is emptied whenever
/// everything spilled has been read back.
final class EventSpill: @unchecked Sendable {
    let path: String
    private let file: FileDescriptor
    private var writeOffset: Int64 = 0
    private var readOffset: Int64 = 0
    private(set) var count = 0

    init(path: String) throws(ShimError) {
        self.path = path
        file = try Files.createFresh(path, mode: 0o600, readable: true)  // never through a planted symlink
    }

    deinit {
        file.close()
        Files.remove(path)
    }

    func append(_ event: SequencedEvent) throws(ShimError) {
        let record = EventRecord(
            sequence: event.sequence,
            envelope: Envelope(event.event, namespace: event.namespace, timestamp: event.timestamp)
        ).packed()
        let length = UInt32(record.count)
        let header: [UInt8] = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) }
        try file.write(header + record, at: writeOffset)
        writeOffset += Int64(4 + record.count)
        count += 1
    }

    /// Up to `limit` of the oldest spilled events, removed from the spill.
    func takeOldest(_ limit: Int) throws(ShimError) -> [SequencedEvent] {
        var events: [SequencedEvent] = []
        while events.count < limit, count > 0 {
            let header = try file.read(count: 4, at: readOffset)
            guard header.count == 4 else { throw ShimError(.dataLoss, "event spill \(path): truncated record header") }
            let length = header.reduce(0) { $0 << 8 | Int($1) }
            let bytes = try file.read(count: length, at: readOffset + 4)
            guard bytes.count == length else { throw ShimError(.dataLoss, "event spill \(path): truncated record") }
            let record = try EventRecord(unpacking: bytes)
            guard let payload = record.event else { throw ShimError(.dataLoss, "event spill \(path): record without event") }
            events.append(SequencedEvent(
                sequence: record.sequence, timestamp: record.timestamp ?? Timestamp(seconds: 0, nanos: 0),
                namespace: record.namespace, event: try ShimEvent(payload)))
            readOffset += Int64(4 + length)
            count -= 1
        }
        if count == 0 {
            try file.truncate(to: 0)
            readOffset = 0
            writeOffset = 0
        }
        return events
    }
}
