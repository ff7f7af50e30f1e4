#if os(Windows)
import WinSDK

extension VMCompute {
    public func createProcess(_ system: HCSSystemHandle, parameters: String, stdio: StdioPaths) async throws(HCSCallError) -> HCSCreatedProcess {
        var handle: UnsafeMutableRawPointer?
        // HCS_PROCESS_INFORMATION: DWORD ProcessId, DWORD Reserved, HANDLE StdInput, StdOutput, StdError.
        var information = [UInt8](repeating: 0, count: 8 + 3 * MemoryLayout<UnsafeMutableRawPointer?>.size)
        let raw = parameters.withCString(encodedAs: UTF16.self) { document in
            information.withUnsafeMutableBytes { info in
                call { library.createProcess(Self.pointer(system), document, info.baseAddress, &handle, $0) }
            }
        }
        try check("HcsCreateProcess", raw)
        let (pid, pipes) = information.withUnsafeBytes { info in
            (info.load(fromByteOffset: 0, as: UInt32.self),
             (0..<3).map { info.load(fromByteOffset: 8 + $0 * MemoryLayout<UInt>.size, as: UInt.self) })
        }
        // TODO(hcs): relay the pipes to `stdio` (containerd's named pipes). Until then they are
        // closed at once so that a process writing output fails instead of blocking on a full pipe.
        for pipe in pipes where pipe != 0 { _ = CloseHandle(UnsafeMutableRawPointer(bitPattern: pipe)) }
        try register(handle, process: true)
        return HCSCreatedProcess(handle: HCSProcessHandle(rawValue: UInt(bitPattern: handle)), pid: pid)
    }

    public func openProcess(_ system: HCSSystemHandle, pid: UInt32) async throws(HCSCallError) -> HCSProcessHandle {
        var handle: UnsafeMutableRawPointer?
        try check("HcsOpenProcess", call { library.openProcess(Self.pointer(system), pid, &handle, $0) })
        try register(handle, process: true)
        return HCSProcessHandle(rawValue: UInt(bitPattern: handle))
    }

    public func closeProcess(_ process: HCSProcessHandle) {
        unregister(process.rawValue, process: true)
        _ = library.closeProcess(Self.pointer(process))
    }

    public func terminateProcess(_ process: HCSProcessHandle) async throws(HCSCallError) {
        try check("HcsTerminateProcess", call { library.terminateProcess(Self.pointer(process), $0) })
    }

    public func signalProcess(_ process: HCSProcessHandle, options: String) async throws(HCSCallError) {
        let raw = options.withCString(encodedAs: UTF16.self) { options in
            call { library.signalProcess(Self.pointer(process), options, $0) }
        }
        try check("HcsSignalProcess", raw)
    }

    public func modifyProcess(_ process: HCSProcessHandle, request: String) async throws(HCSCallError) {
        let raw = request.withCString(encodedAs: UTF16.self) { request in
            call { library.modifyProcess(Self.pointer(process), request, $0) }
        }
        try check("HcsModifyProcess", raw)
    }

    /// Waits for the process-exited notification, then reads `ExitCode` from the process's
    /// properties (`{"ProcessId":…,"Exited":true,"ExitCode":…}`).
    public func waitForProcessExit(_ process: HCSProcessHandle) async throws(HCSCallError) -> UInt32 {
        guard let context = context(for: process.rawValue) else {
            throw HCSCallError(call: "HcsRegisterProcessCallback", result: .invalidHandle)
        }
        let event = await notifications.next(context: context, oneOf: [HCSNotificationTable.processExited], timeoutMilliseconds: UInt32.max)
        if event?.type == HCSNotificationTable.serviceDisconnect {
            throw HCSCallError(call: "HcsRegisterProcessCallback", result: .serviceDisconnect)
        }
        var properties: UnsafeMutablePointer<UInt16>?
        try check("HcsGetProcessProperties", call { library.getProcessProperties(Self.pointer(process), &properties, $0) })
        struct Status: Decodable { var ExitCode: Int64? }
        let text = VMCompute.take(properties)
        guard let status = try? JSONValueDecoder.decode(Status.self, from: Array(text.utf8), what: "process properties"),
              let code = status.ExitCode else {
            throw HCSCallError(call: "HcsGetProcessProperties", result: .invalidData, detail: text)
        }
        return UInt32(truncatingIfNeeded: code)
    }
}
#endif
