import HCSShim

await ShimMain.run(CommandLine.arguments)
