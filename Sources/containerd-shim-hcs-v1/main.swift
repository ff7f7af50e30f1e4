import HCSShim

// Before any thread exists: block the signals the shim reads through signalfds, then keep the
// main thread parked with that mask (synchronous top level: see runParkingMainThread).
let signals = ShimMain.prepare()
ShimMain.runParkingMainThread(CommandLine.arguments, signals: signals)
