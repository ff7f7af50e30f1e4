import HCSShim

// Before any thread exists: block the signals the shim reads through signalfds.
let signals = ShimMain.prepare()
// The shim runs on the cooperative pool; the main thread parks with those signals still
// blocked (an async main would park it in libdispatch with an empty mask, where SIGTERM and
// SIGCHLD would be delivered to it instead of to the signalfds). Detached: top-level code is
// main-actor code, and the main actor never runs again. `run` exits the process.
Task.detached { await ShimMain.run(CommandLine.arguments, signals: signals) }
Signals.parkMainThread()
