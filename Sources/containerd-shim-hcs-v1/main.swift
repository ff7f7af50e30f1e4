import HCSShim

// Before any thread exists: block the signals the shim reads through signalfds.
let signals = ShimMain.prepare()
await ShimMain.run(CommandLine.arguments, signals: signals)
