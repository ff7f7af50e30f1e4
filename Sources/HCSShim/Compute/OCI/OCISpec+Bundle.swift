import FoundationEssentials

extension OCISpec {
    /// Reads and decodes `<bundle>/config.json`. Throws `.notFound` when the file cannot be read,
    /// `.invalidArgument` when it is not a valid spec.
    public static func load(bundle: String) throws(ShimError) -> OCISpec {
        let path = bundle.hasSuffix("/") ? bundle + "config.json" : bundle + "/config.json"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ShimError.notFound("read \(path): \(error)")
        }
        return try decode(Array(data), what: path)
    }
}
