#if os(Windows)
import WinSDK

/// The `vmcompute.dll` exports the backend calls, resolved once with `GetProcAddress`.
///
/// Resolved by name at run time (not linked) so that a host without the Containers feature
/// fails with a classified error (`ERROR_PROC_NOT_FOUND`, "not supported") instead of refusing to
/// load the shim. Signatures follow hcsshim's `zsyscall_windows.go` for the handle-based API;
/// every string result (`PWSTR*`) is allocated by HCS and freed with `CoTaskMemFree`.
struct VMComputeLibrary: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer?
    typealias Text = UnsafePointer<UInt16>?
    typealias Out = UnsafeMutablePointer<UnsafeMutablePointer<UInt16>?>?
    typealias HandleOut = UnsafeMutablePointer<Handle>?
    /// `HCS_NOTIFICATION_CALLBACK(DWORD type, void *context, HRESULT status, PCWSTR data)`.
    typealias Callback = @convention(c) (UInt32, UnsafeMutableRawPointer?, Int32, UnsafePointer<UInt16>?) -> Void

    typealias CreateSystem = @convention(c) (Text, Text, Handle, HandleOut, Out) -> Int32
    typealias OpenSystem = @convention(c) (Text, HandleOut, Out) -> Int32
    typealias Close = @convention(c) (Handle) -> Int32
    typealias SystemOperation = @convention(c) (Handle, Text, Out) -> Int32
    typealias GetProperties = @convention(c) (Handle, Text, Out, Out) -> Int32
    typealias Register = @convention(c) (Handle, Callback, UnsafeMutableRawPointer?, HandleOut) -> Int32
    /// The third argument is an `HCS_PROCESS_INFORMATION` (DWORD pid, DWORD reserved, HANDLE
    /// stdin, stdout, stderr: 32 bytes on 64-bit Windows).
    typealias CreateProcess = @convention(c) (Handle, Text, UnsafeMutableRawPointer?, HandleOut, Out) -> Int32
    typealias OpenProcess = @convention(c) (Handle, UInt32, HandleOut, Out) -> Int32
    typealias TerminateProcess = @convention(c) (Handle, Out) -> Int32
    typealias ProcessProperties = @convention(c) (Handle, Out, Out) -> Int32
    /// `NameToGuid(PCWSTR name, GUID *guid)`.
    typealias NameToGuid = @convention(c) (Text, UnsafeMutableRawPointer?) -> Int32

    let createComputeSystem: CreateSystem
    let openComputeSystem: OpenSystem
    let closeComputeSystem: Close
    let startComputeSystem: SystemOperation
    let shutdownComputeSystem: SystemOperation
    let terminateComputeSystem: SystemOperation
    let getComputeSystemProperties: GetProperties
    let registerComputeSystemCallback: Register
    let unregisterComputeSystemCallback: Close
    let createProcess: CreateProcess
    let openProcess: OpenProcess
    let closeProcess: Close
    let terminateProcess: TerminateProcess
    let signalProcess: SystemOperation
    let modifyProcess: SystemOperation
    let getProcessProperties: ProcessProperties
    let registerProcessCallback: Register
    let unregisterProcessCallback: Close
    let nameToGuid: NameToGuid

    /// Loads `vmcompute.dll` from System32. Throws `ERROR_PROC_NOT_FOUND` for a missing export,
    /// the load's Win32 error for a missing library.
    static func load() throws(HCSCallError) -> VMComputeLibrary {
        let loaded = "vmcompute.dll".withCString(encodedAs: UTF16.self) {
            LoadLibraryExW($0, nil, DWORD(LOAD_LIBRARY_SEARCH_SYSTEM32))
        }
        guard let module = loaded else {
            throw HCSCallError(call: "LoadLibrary(vmcompute.dll)", result: HRESULT(UInt32(GetLastError())))
        }
        func symbol<T>(_ name: String, _ type: T.Type) throws(HCSCallError) -> T {
            guard let address = GetProcAddress(module, name) else {
                throw HCSCallError(call: "GetProcAddress(\(name))", result: .procedureNotFound)
            }
            return unsafeBitCast(address, to: type)
        }
        return VMComputeLibrary(
            createComputeSystem: try symbol("HcsCreateComputeSystem", CreateSystem.self),
            openComputeSystem: try symbol("HcsOpenComputeSystem", OpenSystem.self),
            closeComputeSystem: try symbol("HcsCloseComputeSystem", Close.self),
            startComputeSystem: try symbol("HcsStartComputeSystem", SystemOperation.self),
            shutdownComputeSystem: try symbol("HcsShutdownComputeSystem", SystemOperation.self),
            terminateComputeSystem: try symbol("HcsTerminateComputeSystem", SystemOperation.self),
            getComputeSystemProperties: try symbol("HcsGetComputeSystemProperties", GetProperties.self),
            registerComputeSystemCallback: try symbol("HcsRegisterComputeSystemCallback", Register.self),
            unregisterComputeSystemCallback: try symbol("HcsUnregisterComputeSystemCallback", Close.self),
            createProcess: try symbol("HcsCreateProcess", CreateProcess.self),
            openProcess: try symbol("HcsOpenProcess", OpenProcess.self),
            closeProcess: try symbol("HcsCloseProcess", Close.self),
            terminateProcess: try symbol("HcsTerminateProcess", TerminateProcess.self),
            signalProcess: try symbol("HcsSignalProcess", SystemOperation.self),
            modifyProcess: try symbol("HcsModifyProcess", SystemOperation.self),
            getProcessProperties: try symbol("HcsGetProcessProperties", ProcessProperties.self),
            registerProcessCallback: try symbol("HcsRegisterProcessCallback", Register.self),
            unregisterProcessCallback: try symbol("HcsUnregisterProcessCallback", Close.self),
            nameToGuid: try symbol("NameToGuid", NameToGuid.self))
    }
}
#endif
