/// Editing a client's JSON in place (an exec's `terminal` flag) without a full schema.
extension JSONValue {
    /// The member `key` of an object, nil otherwise; setting on a non-object does nothing.
    subscript(key: String) -> JSONValue? {
        get { if case let .object(members) = self { members[key] } else { nil } }
        set {
            guard case var .object(members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// Parses JSON bytes. Throws `.invalidArgument` naming `what` when they are not JSON.
    static func decode(_ bytes: [UInt8], what: String) throws(ShimError) -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            throw ShimError(.invalidArgument, "\(what): \(error)")
        }
    }

    /// The value as compact JSON bytes (`JSONWriter`).
    var encoded: [UInt8] { JSONWriter.bytes(self) }
}
