internal import Proto

/// How one Swift value sits in one C slot of a protobuf-c struct: the slot's size (the
/// stride of a repeated field's array), how to read it from unpacked memory, and how to
/// write it into a struct being packed (allocating through the arena).
///
/// The C layouts are protobuf-c 1.4's: integers and enums as themselves,
/// `protobuf_c_boolean` as `int`, strings as `char *`, bytes as `ProtobufCBinaryData`,
/// sub-messages as `ProtobufCMessage *`.
struct FieldCodec<Value>: Sendable {
    let stride: Int
    /// protobuf-c types this codec can read and write; checked against the descriptor.
    let cTypes: Set<UInt32>
    let load: @Sendable (UnsafeRawPointer) -> Value
    let store: @Sendable (Value, UnsafeMutableRawPointer, PackArena) -> Void
    /// For sub-messages: the descriptor the Swift type packs with, which must match the
    /// field's element layout (checked by `MessageSchema`).
    var messageDescriptor: (@Sendable () -> UnsafePointer<ProtobufCMessageDescriptor>)? = nil
}

/// A Swift type with one fixed codec, so schemas can say `.field(1, \.id)` without naming it.
protocol CFieldValue: Sendable {
    static var codec: FieldCodec<Self> { get }
}

extension FieldCodec {
    /// A value stored in C exactly as Swift stores it (fixed-width integers, doubles).
    static func trivial(_ types: ProtobufCType...) -> FieldCodec<Value> {
        FieldCodec(
            stride: MemoryLayout<Value>.stride, cTypes: Set(types.map(\.rawValue)),
            load: { $0.load(as: Value.self) },
            store: { value, slot, _ in slot.storeBytes(of: value, as: Value.self) })
    }
}

extension FieldCodec where Value: RawRepresentable & Sendable, Value.RawValue == Int32 {
    /// An open proto3 enum: `decode` maps every number, including ones this build does not
    /// know (to a fallback case or the nearest known one).
    static func enumeration(_ decode: @escaping @Sendable (Int32) -> Value) -> FieldCodec<Value> {
        FieldCodec(
            stride: MemoryLayout<Int32>.stride, cTypes: [PROTOBUF_C_TYPE_ENUM.rawValue],
            load: { decode($0.load(as: Int32.self)) },
            store: { value, slot, _ in slot.storeBytes(of: value.rawValue, as: Int32.self) })
    }
}

extension FieldCodec where Value: ProtobufMessage {
    /// A sub-message: a pointer to its own protobuf-c struct. A NULL pointer (which the
    /// optional/repeated wrappers never pass on) reads as the message's defaults.
    static var message: FieldCodec<Value> {
        FieldCodec(
            stride: MemoryLayout<UnsafeRawPointer?>.stride, cTypes: [PROTOBUF_C_TYPE_MESSAGE.rawValue],
            load: { slot in
                guard let message = slot.load(as: UnsafeRawPointer?.self) else { return Value.schema.prototype }
                return Value.schema.load(from: message)
            },
            store: { value, slot, arena in
                slot.storeBytes(of: Value.schema.store(value, in: arena), as: UnsafeMutableRawPointer?.self)
            },
            messageDescriptor: { Value.schema.descriptor })
    }
}

extension Int32: CFieldValue {
    static let codec = FieldCodec<Int32>.trivial(PROTOBUF_C_TYPE_INT32, PROTOBUF_C_TYPE_SINT32, PROTOBUF_C_TYPE_SFIXED32)
}

extension UInt32: CFieldValue {
    static let codec = FieldCodec<UInt32>.trivial(PROTOBUF_C_TYPE_UINT32, PROTOBUF_C_TYPE_FIXED32)
}

extension Int64: CFieldValue {
    static let codec = FieldCodec<Int64>.trivial(PROTOBUF_C_TYPE_INT64, PROTOBUF_C_TYPE_SINT64, PROTOBUF_C_TYPE_SFIXED64)
}

extension UInt64: CFieldValue {
    static let codec = FieldCodec<UInt64>.trivial(PROTOBUF_C_TYPE_UINT64, PROTOBUF_C_TYPE_FIXED64)
}

extension Double: CFieldValue {
    static let codec = FieldCodec<Double>.trivial(PROTOBUF_C_TYPE_DOUBLE)
}

extension Bool: CFieldValue {
    static let codec = FieldCodec<Bool>(
        stride: MemoryLayout<protobuf_c_boolean>.stride, cTypes: [PROTOBUF_C_TYPE_BOOL.rawValue],
        load: { $0.load(as: protobuf_c_boolean.self) != 0 },
        store: { value, slot, _ in slot.storeBytes(of: value ? 1 : 0, as: protobuf_c_boolean.self) })
}

extension String: CFieldValue {
    /// Decoding does not fail on invalid UTF-8: such bytes become U+FFFD, as containerd's
    /// gogo-generated Go code would pass them through unchecked.
    static let codec = FieldCodec<String>(
        stride: MemoryLayout<UnsafePointer<CChar>?>.stride, cTypes: [PROTOBUF_C_TYPE_STRING.rawValue],
        load: { slot in slot.load(as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? "" },
        store: { value, slot, arena in
            slot.storeBytes(of: UnsafePointer(arena.cString(value)), as: UnsafePointer<CChar>?.self)
        })
}

extension [UInt8]: CFieldValue {
    static let codec = FieldCodec<[UInt8]>(
        stride: MemoryLayout<ProtobufCBinaryData>.stride, cTypes: [PROTOBUF_C_TYPE_BYTES.rawValue],
        load: { slot in
            let data = slot.load(as: ProtobufCBinaryData.self)
            guard let bytes = data.data, data.len > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: bytes, count: data.len))
        },
        store: { value, slot, arena in
            slot.storeBytes(of: ProtobufCBinaryData(len: value.count, data: arena.copy(value)), as: ProtobufCBinaryData.self)
        })
}
