internal import Proto

/// The mapping between a Swift message type and its protobuf-c descriptor: one `WireField`
/// per proto field. Packing fills a protobuf-c struct from the Swift value (in a `PackArena`)
/// and calls `protobuf_c_message_pack`; unpacking calls `protobuf_c_message_unpack`, copies
/// every field out into Swift values and frees the C message in a `defer`. No protobuf-c
/// memory outlives a call.
///
/// Immutable after init and safe to share across threads: it holds pointers to static,
/// read-only descriptor data only.
public final class MessageSchema<Message: Sendable>: @unchecked Sendable {
    /// The message's full protobuf name, e.g. `containerd.task.v2.DeleteRequest`.
    public let fullName: String
    /// The value every field starts from when decoding: all defaults.
    let prototype: Message
    let descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    private let fields: [(field: WireField<Message>, slot: FieldSlot)]

    /// Binds `fields` to the generated descriptor named `fullName`. A missing descriptor, an
    /// unmapped or unknown field number, or a shape/type disagreeing with the .proto is a
    /// programming error and traps: the tables are static and covered by the Wire tests.
    init(_ prototype: Message, _ fullName: String, _ fields: [WireField<Message>]) {
        guard let descriptor = proto_message_descriptor(fullName) else {
            preconditionFailure("no protobuf-c descriptor for \(fullName); regenerate Sources/Proto")
        }
        precondition(
            fields.count == Int(descriptor.pointee.n_fields) && Set(fields.map(\.number)).count == fields.count,
            "\(fullName): the schema maps \(fields.count) fields, the .proto has \(descriptor.pointee.n_fields)")
        self.fullName = fullName
        self.prototype = prototype
        self.descriptor = descriptor
        self.fields = fields.map { field in
            guard let cField = protobuf_c_message_descriptor_get_field(descriptor, field.number) else {
                preconditionFailure("\(fullName) has no field \(field.number)")
            }
            let slot = Self.validate(field, cField.pointee, in: fullName)
            return (field, slot)
        }
    }

    /// Encodes `message`; see `WireMessage.packed()` for the guarantees.
    func pack(_ message: Message) -> [UInt8] {
        let arena = PackArena()
        return withExtendedLifetime(arena) {
            let cMessage = UnsafePointer(store(message, in: arena).assumingMemoryBound(to: ProtobufCMessage.self))
            let size = protobuf_c_message_get_packed_size(cMessage)
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                guard let start = buffer.baseAddress else { count = 0; return }
                count = protobuf_c_message_pack(cMessage, start)
            }
        }
    }

    /// Decodes `bytes`. Throws `.invalidArgument` naming the message when protobuf-c rejects them.
    func unpack(_ bytes: [UInt8]) throws(ShimError) -> Message {
        let unpacked = bytes.withUnsafeBufferPointer { buffer in
            protobuf_c_message_unpack(descriptor, nil, buffer.count, buffer.baseAddress)
        }
        guard let unpacked else {
            throw ShimError.invalidArgument("unpack \(fullName): malformed message (\(bytes.count) bytes)")
        }
        defer { protobuf_c_message_free_unpacked(unpacked, nil) }
        return load(from: UnsafeRawPointer(unpacked))
    }

    /// Reads a Swift value out of an unpacked protobuf-c struct (which the caller owns).
    func load(from cMessage: UnsafeRawPointer) -> Message {
        var message = prototype
        for (field, slot) in fields { field.load(&message, cMessage, slot) }
        return message
    }

    /// Builds the protobuf-c struct for `message`; it and everything it points to belong to `arena`.
    func store(_ message: Message, in arena: PackArena) -> UnsafeMutableRawPointer {
        let cMessage = arena.allocate(byteCount: descriptor.pointee.sizeof_message)
        protobuf_c_message_init(descriptor, cMessage)
        for (field, slot) in fields { field.store(message, cMessage, slot, arena) }
        return cMessage
    }

    private static func validate(
        _ field: WireField<Message>, _ cField: ProtobufCFieldDescriptor, in fullName: String
    ) -> FieldSlot {
        let name = "\(fullName).\(String(cString: cField.name))"
        precondition(field.cTypes.contains(cField.type.rawValue), "\(name): C type \(cField.type.rawValue) not mapped")
        let isOneof = cField.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0
        let isMessage = cField.type == PROTOBUF_C_TYPE_MESSAGE
        let expected: WireField<Message>.Shape =
            switch cField.label {
            case PROTOBUF_C_LABEL_REPEATED:
                isMessage && isMapEntry(cField.descriptor) ? .map : .repeated
            default:
                isOneof ? .oneofMember : (isMessage ? .optionalMessage : .singular)
            }
        precondition(field.shape == expected, "\(name): declared \(field.shape), the .proto says \(expected)")
        if let swiftElement = field.messageDescriptor?(),
            let cElement = cField.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
        {
            precondition(
                layoutsMatch(swiftElement, cElement),
                "\(name): Swift element packs as \(String(cString: swiftElement.pointee.name)), "
                    + "which does not share the layout of \(String(cString: cElement.pointee.name))")
        }
        return FieldSlot(
            offset: Int(cField.offset), quantifierOffset: Int(cField.quantifier_offset),
            elementDescriptor: cField.descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
    }

    /// Whether a Swift type bound to descriptor `a` can read and fill structs of descriptor
    /// `b`: the same descriptor, or a same-shaped message of another package (cgroups v1/v2
    /// `PidsStat`, task v2/v3) whose generated structs are laid out identically.
    private static func layoutsMatch(
        _ a: UnsafePointer<ProtobufCMessageDescriptor>, _ b: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> Bool {
        if a == b { return true }
        guard a.pointee.sizeof_message == b.pointee.sizeof_message, a.pointee.n_fields == b.pointee.n_fields else {
            return false
        }
        return (0..<Int(a.pointee.n_fields)).allSatisfy { index in
            let x = a.pointee.fields[index], y = b.pointee.fields[index]
            return x.id == y.id && x.label == y.label && x.type == y.type && x.offset == y.offset
                && x.quantifier_offset == y.quantifier_offset
        }
    }

    /// protoc names map entries `<Field>Entry` and gives them exactly string key 1, value 2.
    private static func isMapEntry(_ descriptor: UnsafeRawPointer?) -> Bool {
        guard let entry = descriptor?.assumingMemoryBound(to: ProtobufCMessageDescriptor.self),
            String(cString: entry.pointee.short_name).hasSuffix("Entry"), entry.pointee.n_fields == 2,
            let key = protobuf_c_message_descriptor_get_field(entry, 1),
            let value = protobuf_c_message_descriptor_get_field(entry, 2)
        else { return false }
        return key.pointee.type == PROTOBUF_C_TYPE_STRING && value.pointee.type == PROTOBUF_C_TYPE_STRING
    }
}

/// Owns every allocation made while filling protobuf-c structs for one `pack`: the message
/// structs, copied strings, byte buffers and pointer arrays. All of it is released together
/// when the arena dies, after `protobuf_c_message_pack` has copied the encoding out.
///
/// Not thread-safe; one arena serves one pack on one thread. Nothing allocated here may be
/// handed to `protobuf_c_message_free_unpacked` (that frees with protobuf-c's allocator).
final class PackArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// Zero-filled memory, aligned for any C scalar or pointer.
    func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let count = max(byteCount, 1)
        let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        block.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        blocks.append(block)
        return block
    }

    /// A NUL-terminated copy of `string`'s UTF-8, as protobuf-c `char *` fields expect.
    /// An embedded NUL would end the C string early; protobuf strings never need one.
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var utf8 = Array(string.utf8)
        utf8.append(0)
        let block = allocate(byteCount: utf8.count)
        block.copyMemory(from: utf8, byteCount: utf8.count)
        return block.assumingMemoryBound(to: CChar.self)
    }

    /// A copy of `bytes`, or nil when empty (protobuf-c treats `len == 0` as absent).
    func copy(_ bytes: [UInt8]) -> UnsafeMutablePointer<UInt8>? {
        guard !bytes.isEmpty else { return nil }
        let block = allocate(byteCount: bytes.count)
        block.copyMemory(from: bytes, byteCount: bytes.count)
        return block.assumingMemoryBound(to: UInt8.self)
    }
}
