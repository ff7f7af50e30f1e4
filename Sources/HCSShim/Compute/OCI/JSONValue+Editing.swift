import FoundationEssentials

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

    /// Decodes JSON bytes. Throws `.invalidArgument` naming `what` when they are not JSON.
    static func decode(_ bytes: [UInt8], what: String) throws(ShimError) -> JSONValue {
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw ShimError(.invalidArgument, "\(what): not valid JSON: \(error)")
        }
    }

    /// Encodes to JSON bytes.
    func encoded() throws(ShimError) -> [UInt8] {
        do { return Array(try JSONEncoder().encode(self)) } catch {
            throw ShimError(.internal, "encode JSON: \(error)")
        }
    }
}
