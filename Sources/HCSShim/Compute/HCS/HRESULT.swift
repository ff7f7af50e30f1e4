/// A result code from `vmcompute.dll`, normalised the way the 2016 hcsshim stubs did, so that a
/// facility-Win32 HRESULT compares equal to its Win32 code.
///
/// `0x80070490` (HRESULT_FROM_WIN32(ERROR_NOT_FOUND)) and `0x490` are the same value here. The
/// seed compared raw `0x800710D8` against already-normalised codes, so that comparison never
/// matched; normalising once, on the way in, makes every table below compare like with like.
/// HCS's own codes (facility 0x037, `0xC037xxxx` legacy and `0x8037xxxx` documented) and other
/// facilities pass through unchanged.
public struct HRESULT: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    /// Normalises `value`: facility Win32 (7) keeps only its low 16 bits.
    public init(rawValue value: UInt32) {
        self.rawValue = value & 0x1FFF_0000 == 0x0007_0000 ? value & 0xFFFF : value
    }

    public init(_ value: UInt32) { self.init(rawValue: value) }

    /// The failure a raw return value reports, or nil for success: as in the 2016 stubs, a value
    /// is a failure exactly when its sign bit is set (`S_FALSE` is success), and only then
    /// normalised.
    public static func failure(returned raw: UInt32) -> HRESULT? {
        Int32(bitPattern: raw) < 0 ? HRESULT(raw) : nil
    }

    public var description: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        if let name = HRESULT.names[self] { return "\(name) (0x\(padded))" }
        return "0x\(padded)"
    }

    // Win32 codes (after normalisation).
    public static let pathNotFound = HRESULT(3)
    public static let accessDenied = HRESULT(5)
    public static let invalidHandle = HRESULT(6)
    public static let invalidData = HRESULT(0xD)
    public static let notSupported = HRESULT(0x32)
    public static let procedureNotFound = HRESULT(0x7F)
    public static let brokenPipe = HRESULT(109)
    public static let badPathname = HRESULT(161)
    public static let shutdownInProgress = HRESULT(1115)
    public static let elementNotFound = HRESULT(1168)
    public static let noNetwork = HRESULT(1222)
    public static let invalidObject = HRESULT(0x10D8)
    public static let classString = HRESULT(0x8004_01F3)

    // HCS codes, legacy vmcompute form (0xC037...) and documented form (0x8037...).
    public static let operationPendingLegacy = HRESULT(0xC037_0103)
    public static let invalidStateLegacy = HRESULT(0xC037_0105)
    public static let unexpectedExitLegacy = HRESULT(0xC037_0106)
    public static let unknownMessageLegacy = HRESULT(0xC037_010B)
    public static let invalidJSONLegacy = HRESULT(0xC037_010D)
    public static let systemNotFoundLegacy = HRESULT(0xC037_010E)
    public static let systemAlreadyStoppedLegacy = HRESULT(0xC037_0110)
    public static let invalidState = HRESULT(0x8037_0105)
    public static let unknownMessage = HRESULT(0x8037_010B)
    public static let invalidJSON = HRESULT(0x8037_010D)
    public static let systemNotFound = HRESULT(0x8037_010E)
    public static let systemAlreadyStopped = HRESULT(0x8037_0110)
    public static let operationPending = HRESULT(0x8037_0117)
    public static let operationTimeout = HRESULT(0x8037_0118)
    public static let serviceDisconnect = HRESULT(0x8037_011E)
    public static let processAlreadyStopped = HRESULT(0x8037_011F)

    static let names: [HRESULT: String] = [
        .pathNotFound: "ERROR_PATH_NOT_FOUND", .accessDenied: "ERROR_ACCESS_DENIED",
        .invalidHandle: "ERROR_INVALID_HANDLE", .invalidData: "ERROR_INVALID_DATA",
        .notSupported: "ERROR_NOT_SUPPORTED", .procedureNotFound: "ERROR_PROC_NOT_FOUND",
        .brokenPipe: "ERROR_BROKEN_PIPE", .badPathname: "ERROR_BAD_PATHNAME",
        .shutdownInProgress: "ERROR_SHUTDOWN_IN_PROGRESS", .elementNotFound: "ERROR_NOT_FOUND",
        .noNetwork: "ERROR_NO_NETWORK", .invalidObject: "ERROR_INVALID_OBJECT", .classString: "CO_E_CLASSSTRING",
        .operationPendingLegacy: "HCS operation pending", .invalidStateLegacy: "HCS invalid state",
        .unexpectedExitLegacy: "HCS unexpected exit", .unknownMessageLegacy: "HCS unknown message",
        .invalidJSONLegacy: "HCS invalid JSON", .systemNotFoundLegacy: "HCS system not found",
        .systemAlreadyStoppedLegacy: "HCS system already stopped",
        .invalidState: "HCS_E_INVALID_STATE", .unknownMessage: "HCS_E_UNKNOWN_MESSAGE",
        .invalidJSON: "HCS_E_INVALID_JSON", .systemNotFound: "HCS_E_SYSTEM_NOT_FOUND",
        .systemAlreadyStopped: "HCS_E_SYSTEM_ALREADY_STOPPED", .operationPending: "HCS_E_OPERATION_PENDING",
        .operationTimeout: "HCS_E_OPERATION_TIMEOUT", .serviceDisconnect: "HCS_E_SERVICE_DISCONNECT",
        .processAlreadyStopped: "HCS_E_PROCESS_ALREADY_STOPPED",
    ]
}
