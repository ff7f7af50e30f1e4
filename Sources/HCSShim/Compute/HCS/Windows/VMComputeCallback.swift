#if os(Windows)
/// The callback HCS calls; `context` is the context number from `HCSNotificationTable`.
let vmcomputeNotificationCallback: VMComputeLibrary.Callback = { type, context, status, data in
    let text = data.map { String(decodingCString: $0, as: UTF16.self) } ?? ""
    HCSNotificationTable.shared.deliver(
        context: UInt(bitPattern: context), .init(type: type, status: status, data: text))
}
#endif
