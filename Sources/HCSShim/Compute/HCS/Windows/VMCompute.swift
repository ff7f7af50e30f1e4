#if os(Windows)
import Synchronization
import WinSDK

/// `HCSAPI` over `vmcompute.dll`: the only Windows-specific part of the HCS backend.
///
/// Each open system or process handle has a notification registration; an operation that HCS
/// answers with "pending" is completed by waiting for its notification (create, start →
/// their completion; shutdown, terminate → system exited), as hcsshim does. Blocking DLL calls
/// run on the calling task's thread: they return quickly, the long waits are notifications.
public final class VMCompute: HCSAPI, Sendable {
    let library: VMComputeLibrary
    let notifications = HCSNotificationTable.shared
    public let hostBuild: UInt32

    /// Per open handle (raw value): its notification context and callback registration.
    private let registrations = Mutex<[UInt: (context: UInt, callback: UInt)]>([:])

    /// Loads `vmcompute.dll`. Throws when the library or one of its exports is missing.
    public init() throws(HCSCallError) {
        library = try VMComputeLibrary.load()
        hostBuild = VMCompute.windowsBuild()
    }

    // MARK: Plumbing

    /// Runs one DLL call taking a trailing `PWSTR *result`: its raw HRESULT and result document.
    /// Non-throwing, so it can run inside `withCString` (whose `rethrows` would erase the error type).
    func call(_ body: (VMComputeLibrary.Out) -> Int32) -> (hr: Int32, detail: String) {
        var result: UnsafeMutablePointer<UInt16>?
        let hr = body(&result)
        return (hr, VMCompute.take(result))
    }

    /// Throws a call's normalised failure with the result document as detail; returns the raw
    /// HRESULT for success and, when `allowPending`, for "pending".
    @discardableResult
    func check(_ name: String, _ raw: (hr: Int32, detail: String), allowPending: Bool = false) throws(HCSCallError) -> Int32 {
        guard let failure = HRESULT.failure(returned: UInt32(bitPattern: raw.hr)) else { return raw.hr }
        if allowPending && HRESULTClass(failure) == .pending { return raw.hr }
        throw HCSCallError(call: name, result: failure, detail: raw.detail)
    }

    /// Copies and frees a string HCS allocated.
    static func take(_ text: UnsafeMutablePointer<UInt16>?) -> String {
        guard let text else { return "" }
        defer { CoTaskMemFree(text) }
        return String(decodingCString: text, as: UTF16.self)
    }

    /// Finishes a call HCS answered with "pending" by waiting for `notification` on `handle`.
    func complete(_ name: String, hr: Int32, handle: UInt, notification: UInt32, timeoutMilliseconds: UInt32) async throws(HCSCallError) {
        guard HRESULT.failure(returned: UInt32(bitPattern: hr)) != nil else { return }
        guard let context = context(for: handle) else {
            throw HCSCallError(call: name, result: .invalidHandle)
        }
        guard let event = await notifications.next(context: context, oneOf: [notification], timeoutMilliseconds: timeoutMilliseconds) else {
            throw HCSCallError(call: name, result: .operationTimeout)
        }
        if event.type == HCSNotificationTable.serviceDisconnect {
            throw HCSCallError(call: name, result: .serviceDisconnect)
        }
        if let failure = HRESULT.failure(returned: UInt32(bitPattern: event.status)) {
            throw HCSCallError(call: name, result: failure, detail: event.data)
        }
    }

    /// The notification context of an open handle.
    func context(for handle: UInt) -> UInt? { registrations.withLock { $0[handle]?.context } }

    func register(_ handle: UnsafeMutableRawPointer?, process: Bool) throws(HCSCallError) {
        let context = notifications.allocate()
        var callback: UnsafeMutableRawPointer?
        let contextPointer = UnsafeMutableRawPointer(bitPattern: context)
        let hr = process
            ? library.registerProcessCallback(handle, vmcomputeNotificationCallback, contextPointer, &callback)
            : library.registerComputeSystemCallback(handle, vmcomputeNotificationCallback, contextPointer, &callback)
        if let failure = HRESULT.failure(returned: UInt32(bitPattern: hr)) {
            notifications.release(context)
            throw HCSCallError(call: process ? "HcsRegisterProcessCallback" : "HcsRegisterComputeSystemCallback", result: failure)
        }
        registrations.withLock { $0[UInt(bitPattern: handle)] = (context, UInt(bitPattern: callback)) }
    }

    func unregister(_ handle: UInt, process: Bool) {
        guard let registration = registrations.withLock({ $0.removeValue(forKey: handle) }) else { return }
        let callback = UnsafeMutableRawPointer(bitPattern: registration.callback)
        _ = process ? library.unregisterProcessCallback(callback) : library.unregisterComputeSystemCallback(callback)
        notifications.release(registration.context)
    }

    static func pointer(_ handle: HCSSystemHandle) -> UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: handle.rawValue) }
    static func pointer(_ handle: HCSProcessHandle) -> UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: handle.rawValue) }

    /// `RtlGetVersion`'s build number (GetVersionEx lies to unmanifested programs); 0 on failure.
    static func windowsBuild() -> UInt32 {
        typealias RtlGetVersion = @convention(c) (UnsafeMutableRawPointer?) -> Int32
        guard let ntdll = GetModuleHandleA("ntdll.dll"), let address = GetProcAddress(ntdll, "RtlGetVersion") else { return 0 }
        // OSVERSIONINFOW: five DWORDs, then WCHAR[128]; the build number is the fourth DWORD.
        var buffer = [UInt8](repeating: 0, count: 276)
        return buffer.withUnsafeMutableBytes { bytes -> UInt32 in
            bytes.storeBytes(of: UInt32(276), toByteOffset: 0, as: UInt32.self)
            guard unsafeBitCast(address, to: RtlGetVersion.self)(bytes.baseAddress) == 0 else { return 0 }
            return bytes.load(fromByteOffset: 12, as: UInt32.self)
        }
    }

    // MARK: Compute systems

    public func createComputeSystem(id: String, configuration: String) async throws(HCSCallError) -> HCSSystemHandle {
        var handle: UnsafeMutableRawPointer?
        let raw = id.withCString(encodedAs: UTF16.self) { id in
            configuration.withCString(encodedAs: UTF16.self) { document in
                call { library.createComputeSystem(id, document, nil, &handle, $0) }
            }
        }
        let hr = try check("HcsCreateComputeSystem", raw, allowPending: true)
        let system = HCSSystemHandle(rawValue: UInt(bitPattern: handle))
        try register(handle, process: false)
        do {
            try await complete("HcsCreateComputeSystem", hr: hr, handle: system.rawValue,
                               notification: HCSNotificationTable.systemCreateCompleted, timeoutMilliseconds: 4 * 60 * 1000)
        } catch {
            closeComputeSystem(system)
            throw error
        }
        return system
    }

    public func openComputeSystem(id: String) async throws(HCSCallError) -> HCSSystemHandle {
        var handle: UnsafeMutableRawPointer?
        let raw = id.withCString(encodedAs: UTF16.self) { id in
            call { library.openComputeSystem(id, &handle, $0) }
        }
        try check("HcsOpenComputeSystem", raw)
        try register(handle, process: false)
        return HCSSystemHandle(rawValue: UInt(bitPattern: handle))
    }

    public func startComputeSystem(_ system: HCSSystemHandle) async throws(HCSCallError) {
        let hr = try check("HcsStartComputeSystem", call { library.startComputeSystem(Self.pointer(system), nil, $0) }, allowPending: true)
        try await complete("HcsStartComputeSystem", hr: hr, handle: system.rawValue,
                           notification: HCSNotificationTable.systemStartCompleted, timeoutMilliseconds: 4 * 60 * 1000)
    }

    public func shutdownComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError) {
        let hr = try check("HcsShutdownComputeSystem", call { library.shutdownComputeSystem(Self.pointer(system), nil, $0) }, allowPending: true)
        try await complete("HcsShutdownComputeSystem", hr: hr, handle: system.rawValue,
                           notification: HCSNotificationTable.systemExited, timeoutMilliseconds: timeoutMilliseconds)
    }

    public func terminateComputeSystem(_ system: HCSSystemHandle, timeoutMilliseconds: UInt32) async throws(HCSCallError) {
        let hr = try check("HcsTerminateComputeSystem", call { library.terminateComputeSystem(Self.pointer(system), nil, $0) }, allowPending: true)
        try await complete("HcsTerminateComputeSystem", hr: hr, handle: system.rawValue,
                           notification: HCSNotificationTable.systemExited, timeoutMilliseconds: timeoutMilliseconds)
    }

    public func closeComputeSystem(_ system: HCSSystemHandle) {
        unregister(system.rawValue, process: false)
        _ = library.closeComputeSystem(Self.pointer(system))
    }

    public func computeSystemProperties(_ system: HCSSystemHandle, query: String) async throws(HCSCallError) -> String {
        var properties: UnsafeMutablePointer<UInt16>?
        let raw = query.withCString(encodedAs: UTF16.self) { query in
            call { library.getComputeSystemProperties(Self.pointer(system), query, &properties, $0) }
        }
        try check("HcsGetComputeSystemProperties", raw)
        return VMCompute.take(properties)
    }

    public func nameToGUID(_ name: String) throws(HCSCallError) -> String {
        var guid = [UInt8](repeating: 0, count: 16)
        let hr = name.withCString(encodedAs: UTF16.self) { name in
            guid.withUnsafeMutableBytes { library.nameToGuid(name, $0.baseAddress) }
        }
        if let failure = HRESULT.failure(returned: UInt32(bitPattern: hr)) {
            throw HCSCallError(call: "NameToGuid", result: failure)
        }
        return HCSLayerID.string(windowsGUIDBytes: guid)
    }
}
#endif
