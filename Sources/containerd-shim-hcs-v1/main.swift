import HCSShim

// Before any thread exists: block the signals the shim reads through signalfds.
let signals = ShimMain.prepare()
// The shim runs on the cooperative pool; the main thread parks with those signals still
// blocked (an async main would park it in libdispatch with an empty mask, where SIGTERM and
// SIGCHLD would be delivered to it instead of to the signalfds). `run` exits the process.
// Detached: a plain Task here inherits the main actor, whose queue the parked thread never drains.
Task.detached { await ShimMain.run(CommandLine.arguments, signals: signals) }
Signals.parkMainThread()
