internal import Proto

/// Where a field lives in its protobuf-c struct, read once from the field descriptor:
/// the value's offset, the offset of its count (`n_*`) or oneof case, and for messages and
/// maps the descriptor of the element type.
struct FieldSlot {
    let offset: Int
    let quantifierOffset: Int
    let elementDescriptor: UnsafePointer<ProtobufCMessageDescriptor>?
}

/// One row of a `MessageSchema`: a field number, the Swift property it maps to, and how the
/// value is laid out in C (a plain slot, a nullable message pointer, a counted array, a map
/// of entry messages, or one member of a oneof).
///
/// The shape and C types are checked against the generated descriptor when the schema is
/// built, so a table that disagrees with the .proto stops the process at first use (and
/// every schema is exercised by the Wire tests).
struct WireField<Message>: Sendable {
    enum Shape: Sendable {
        case singular, optionalMessage, repeated, map, oneofMember
    }

    let number: UInt32
    let shape: Shape
    let cTypes: Set<UInt32>
    let load: @Sendable (inout Message, UnsafeRawPointer, FieldSlot) -> Void
    let store: @Sendable (Message, UnsafeMutableRawPointer, FieldSlot, PackArena) -> Void
    /// For message-typed fields, the descriptor the Swift element type packs with.
    var messageDescriptor: (@Sendable () -> UnsafePointer<ProtobufCMessageDescriptor>)? = nil
}

extension WireField {
    /// A proto3 scalar, string, bytes or enum field (zero values are not encoded).
    static func field<V: CFieldValue>(_ number: UInt32, _ key: WritableKeyPath<Message, V> & Sendable) -> Self {
        let codec = V.codec
        return Self(
            number: number, shape: .singular, cTypes: codec.cTypes,
            load: { message, base, slot in message[keyPath: key] = codec.load(base + slot.offset) },
            store: { message, base, slot, arena in codec.store(message[keyPath: key], base + slot.offset, arena) },
            messageDescriptor: codec.messageDescriptor)
    }

    /// A repeated field of scalars, strings or bytes.
    static func field<V: CFieldValue>(_ number: UInt32, _ key: WritableKeyPath<Message, [V]> & Sendable) -> Self {
        repeated(number, key, V.codec)
    }

    /// A repeated field of messages.
    static func field<V: ProtobufMessage>(_ number: UInt32, _ key: WritableKeyPath<Message, [V]> & Sendable) -> Self {
        repeated(number, key, .message)
    }

    /// A sub-message; nil is "not present" (a NULL pointer in C).
    static func field<V: ProtobufMessage>(_ number: UInt32, _ key: WritableKeyPath<Message, V?> & Sendable) -> Self {
        let codec = FieldCodec<V>.message
        return Self(
            number: number, shape: .optionalMessage, cTypes: codec.cTypes,
            load: { message, base, slot in
                let present = base.load(fromByteOffset: slot.offset, as: UnsafeRawPointer?.self) != nil
                message[keyPath: key] = present ? codec.load(base + slot.offset) : nil
            },
            store: { message, base, slot, arena in
                if let value = message[keyPath: key] { codec.store(value, base + slot.offset, arena) }
            },
            messageDescriptor: codec.messageDescriptor)
    }

    /// A `map<string, string>`: on the wire a repeated entry message `{1 key, 2 value}`.
    /// Entries are packed sorted by key so the encoding is deterministic.
    static func field(_ number: UInt32, _ key: WritableKeyPath<Message, [String: String]> & Sendable) -> Self {
        Self(
            number: number, shape: .map, cTypes: [PROTOBUF_C_TYPE_MESSAGE.rawValue],
            load: { message, base, slot in
                guard let entry = slot.elementDescriptor else { return }
                let (keyOffset, valueOffset) = mapEntryOffsets(entry)
                var map: [String: String] = [:]
                for element in loadArray(base, slot, stride: MemoryLayout<UnsafeRawPointer>.stride) {
                    guard let pair = element.load(as: UnsafeRawPointer?.self) else { continue }
                    map[String.codec.load(pair + keyOffset)] = String.codec.load(pair + valueOffset)
                }
                message[keyPath: key] = map
            },
            store: { message, base, slot, arena in
                guard let entry = slot.elementDescriptor else { return }
                let (keyOffset, valueOffset) = mapEntryOffsets(entry)
                let pairs = message[keyPath: key].sorted { $0.key < $1.key }
                storeArray(pairs, base, slot, stride: MemoryLayout<UnsafeRawPointer>.stride, arena) { pair, element in
                    let cEntry = arena.allocate(byteCount: entry.pointee.sizeof_message)
                    protobuf_c_message_init(entry, cEntry)
                    String.codec.store(pair.key, cEntry + keyOffset, arena)
                    String.codec.store(pair.value, cEntry + valueOffset, arena)
                    element.storeBytes(of: cEntry, as: UnsafeMutableRawPointer.self)
                }
            })
    }

    /// One member of a oneof, stored in Swift as an enum `Choice`: `embed` wraps a decoded
    /// value, `extract` returns the value when the choice is this member.
    static func oneof<Choice, V>(
        _ number: UInt32, _ key: WritableKeyPath<Message, Choice?> & Sendable, _ codec: FieldCodec<V>,
        embed: @escaping @Sendable (V) -> Choice, extract: @escaping @Sendable (Choice) -> V?
    ) -> Self {
        Self(
            number: number, shape: .oneofMember, cTypes: codec.cTypes,
            load: { message, base, slot in
                guard base.load(fromByteOffset: slot.quantifierOffset, as: UInt32.self) == number else { return }
                message[keyPath: key] = embed(codec.load(base + slot.offset))
            },
            store: { message, base, slot, arena in
                guard let choice = message[keyPath: key], let value = extract(choice) else { return }
                codec.store(value, base + slot.offset, arena)
                base.storeBytes(of: number, toByteOffset: slot.quantifierOffset, as: UInt32.self)
            },
            messageDescriptor: codec.messageDescriptor)
    }

    private static func repeated<V>(
        _ number: UInt32, _ key: WritableKeyPath<Message, [V]> & Sendable, _ codec: FieldCodec<V>
    ) -> Self {
        Self(
            number: number, shape: .repeated, cTypes: codec.cTypes,
            load: { message, base, slot in
                message[keyPath: key] = loadArray(base, slot, stride: codec.stride).map(codec.load)
            },
            store: { message, base, slot, arena in
                storeArray(message[keyPath: key], base, slot, stride: codec.stride, arena) { value, element in
                    codec.store(value, element, arena)
                }
            },
            messageDescriptor: codec.messageDescriptor)
    }
}

/// The element addresses of a protobuf-c repeated field (`size_t n_x; T *x;`).
private func loadArray(_ base: UnsafeRawPointer, _ slot: FieldSlot, stride: Int) -> [UnsafeRawPointer] {
    let count = base.load(fromByteOffset: slot.quantifierOffset, as: Int.self)
    guard count > 0, let array = base.load(fromByteOffset: slot.offset, as: UnsafeRawPointer?.self) else { return [] }
    return (0..<count).map { array + $0 * stride }
}

/// Fills a protobuf-c repeated field with an arena-owned array of `values.count` slots.
private func storeArray<T>(
    _ values: [T], _ base: UnsafeMutableRawPointer, _ slot: FieldSlot, stride: Int, _ arena: PackArena,
    _ storeElement: (T, UnsafeMutableRawPointer) -> Void
) {
    guard !values.isEmpty else { return }
    let array = arena.allocate(byteCount: values.count * stride)
    for (index, value) in values.enumerated() { storeElement(value, array + index * stride) }
    base.storeBytes(of: values.count, toByteOffset: slot.quantifierOffset, as: Int.self)
    base.storeBytes(of: array, toByteOffset: slot.offset, as: UnsafeMutableRawPointer.self)
}

/// Offsets of `key` (1) and `value` (2) in a generated map entry struct.
private func mapEntryOffsets(_ entry: UnsafePointer<ProtobufCMessageDescriptor>) -> (key: Int, value: Int) {
    let key = protobuf_c_message_descriptor_get_field(entry, 1).map { Int($0.pointee.offset) } ?? 0
    let value = protobuf_c_message_descriptor_get_field(entry, 2).map { Int($0.pointee.offset) } ?? 0
    return (key, value)
}
