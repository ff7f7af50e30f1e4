import ArgumentParser
import HCSShim

/// `hcs-document BUNDLE`: what the Windows backend would send HCS for a bundle, rendered
/// locally (no shim, no Windows needed).
struct HCSDocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hcs-document",
        abstract: "Print the HCS compute-system document and process parameters for an OCI bundle.")

    @Argument(help: "The bundle directory (holding config.json).")
    var bundle: String
    @Option(help: "The container id; the bundle directory's name when omitted.")
    var id: String?
    @Option(name: .customLong("exec"), help: "An exec's OCI process JSON file (the Exec request's spec); adds its parameters.")
    var execFile: String?
    @Flag(help: "Print the documents as one compact JSON object.")
    var json = false

    func run() throws {
        let exec = try execFile.map { try OCIProcess.decode(try Files.read($0)) }
        let documents = try HCSDocumentRenderer.render(bundle: bundle, id: id, exec: exec)
        if json {
            print(documents.json.text)
        } else {
            print("# ComputeSystem (HcsCreateComputeSystem)")
            print(JSONIndenter.indent(documents.container.text))
            print("# InitProcess (HcsCreateProcess)")
            print(JSONIndenter.indent(documents.initProcess.json.text))
            if let execProcess = documents.execProcess {
                print("# ExecProcess (HcsCreateProcess)")
                print(JSONIndenter.indent(execProcess.json.text))
            }
        }
    }
}
