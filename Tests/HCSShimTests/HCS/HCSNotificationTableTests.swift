import Testing
@testable import HCSShim

@Suite("HCS notification table")
struct HCSNotificationTableTests {
    typealias Table = HCSNotificationTable

    @Test func aNotificationThatArrivesFirstIsKeptForTheWaiter() async {
        let table = Table()
        let context = table.allocate()
        table.deliver(context: context, .init(type: Table.systemCreateCompleted, status: 0, data: "done"))
        let notification = await table.next(context: context, oneOf: [Table.systemCreateCompleted], timeoutMilliseconds: .max)
        #expect(notification?.data == "done")
    }

    @Test func aWaiterIsResumedByTheMatchingTypeOnly() async {
        let table = Table()
        let context = table.allocate()
        async let waited = table.next(context: context, oneOf: [Table.systemExited], timeoutMilliseconds: .max)
        try? await Task.sleep(for: .milliseconds(10))
        table.deliver(context: context, .init(type: Table.systemStartCompleted, status: 0, data: "start"))
        table.deliver(context: context, .init(type: Table.systemExited, status: -5, data: "exit"))
        let notification = await waited
        #expect(notification?.type == Table.systemExited)
        #expect(notification?.status == -5)
        // The start notification was kept for whoever waits for it.
        let start = await table.next(context: context, oneOf: [Table.systemStartCompleted], timeoutMilliseconds: .max)
        #expect(start?.data == "start")
    }

    @Test func aWaitTimesOutAndTheStaleTimerIsDropped() async {
        let table = Table()
        let context = table.allocate()
        let timedOut = await table.next(context: context, oneOf: [Table.systemExited], timeoutMilliseconds: 10)
        #expect(timedOut == nil)
        table.deliver(context: context, .init(type: Table.timedOut, status: 0, data: ""))
        table.deliver(context: context, .init(type: Table.systemExited, status: 0, data: "late"))
        let late = await table.next(context: context, oneOf: [Table.systemExited], timeoutMilliseconds: 1000)
        #expect(late?.data == "late")
    }

    @Test func aServiceDisconnectEndsAnyWait() async {
        let table = Table()
        let context = table.allocate()
        table.deliver(context: context, .init(type: Table.serviceDisconnect, status: 0, data: ""))
        let notification = await table.next(context: context, oneOf: [Table.processExited], timeoutMilliseconds: .max)
        #expect(notification?.type == Table.serviceDisconnect)
    }

    @Test func releasingAContextReleasesItsWaiter() async {
        let table = Table()
        let context = table.allocate()
        async let waited = table.next(context: context, oneOf: [Table.processExited], timeoutMilliseconds: .max)
        try? await Task.sleep(for: .milliseconds(10))
        table.release(context)
        #expect(await waited?.type == Table.serviceDisconnect)
        let afterRelease = await table.next(context: context, oneOf: [Table.processExited], timeoutMilliseconds: .max)
        #expect(afterRelease?.type == Table.serviceDisconnect)
        #expect(table.allocate() != context)
    }
}
