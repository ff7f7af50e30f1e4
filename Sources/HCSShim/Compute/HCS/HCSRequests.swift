/// The small JSON documents the HCS calls take besides the container and process documents,
/// written with hcsshim's key names and order.
public enum HCSRequests {
    /// `HcsModifyProcess`: resize the process's console (height first, as HCS has it).
    public static func resizeConsole(_ size: ConsoleSize) -> GoJSON {
        .object([
            ("Operation", .string("ConsoleSize")),
            ("ConsoleSize", .object([("Height", .uint(UInt64(size.height))), ("Width", .uint(UInt64(size.width)))])),
        ])
    }

    /// `HcsModifyProcess`: close the process's stdin pipe so it reads end-of-file.
    public static let closeStdin: GoJSON = .object([
        ("Operation", .string("CloseHandle")),
        ("CloseHandle", .object([("Handle", .string("StdIn"))])),
    ])

    /// `HcsSignalProcess` options for a Windows container.
    public static func signal(_ event: HCSCtrlEvent) -> GoJSON {
        .object([("Signal", .string(event.rawValue))])
    }

    /// `HcsGetComputeSystemProperties` query (schema v1): `Statistics`, `ProcessList`, ...
    public static func propertyQuery(_ types: [String]) -> GoJSON {
        .object([("PropertyTypes", .array(types.map { .string($0) }))])
    }
}
