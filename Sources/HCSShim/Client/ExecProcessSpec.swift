/// Builds the OCI `Process` an exec runs, the way `ctr task exec` does: the task's own init
/// process from `<bundle>/config.json` (user, env, cwd, capabilities, ...) with new `args`,
/// `terminal` off. A whole process JSON given by the user is passed through after a syntax check.
public enum ExecProcessSpec {
    /// The init process of the bundle with `args` in place of its own.
    public static func fromBundle(_ bundle: String, args: [String]) throws(ShimError) -> [UInt8] {
        guard !args.isEmpty else { throw ShimError.invalidArgument("exec: no command given") }
        let config = try JSONValue.decode(try Files.read(bundle + "/config.json"), what: "exec: \(bundle)/config.json")
        guard case .object(let spec) = config, case .object(var process)? = spec["process"] else {
            throw ShimError.invalidArgument("exec: \(bundle)/config.json has no process")
        }
        process["args"] = .array(args.map { .string($0) })
        process["terminal"] = .bool(false)
        process.removeValue(forKey: "consoleSize")
        return JSONValue.object(process).encoded
    }

    /// A user-written process JSON, checked to be an object with non-empty `args`.
    public static func fromJSON(_ bytes: [UInt8]) throws(ShimError) -> [UInt8] {
        let value = try JSONValue.decode(bytes, what: "exec: process JSON")
        guard case .object(let process) = value, case .array(let args)? = process["args"], !args.isEmpty else {
            throw ShimError.invalidArgument("exec: the process JSON needs a non-empty \"args\" array")
        }
        return bytes
    }
}
