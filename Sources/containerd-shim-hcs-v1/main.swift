import Dispatch
import HCSShim

// Synchronous top-level code: this runs on the main thread before any other thread exists, so
// the signals the shim reads through signalfds (SIGCHLD, SIGTERM, SIGINT, SIGUSR1) are blocked
// there and in every thread created later.
let signals = ShimMain.prepare()
Task.detached { await ShimMain.run(CommandLine.arguments, signals: signals) }
// Park the main thread with those signals still blocked. An async main (top-level `await`)
// or `dispatchMain()` would leave it in libdispatch's sigsuspend with an empty mask, where
// SIGTERM and SIGUSR1 take their default action and kill the shim before the signalfd sees
// them. `ShimMain.run` ends the process itself.
DispatchSemaphore(value: 0).wait()
