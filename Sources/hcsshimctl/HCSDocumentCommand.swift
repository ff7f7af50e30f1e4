import ArgumentParser
import HCSShim

/// `hcs-document BUNDLE`: what the Windows backend would send HCS for a bundle, rendered
/// locally (no shim, no Windows needed).
struct HCSDocumentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hcs-document",
        abstract: "Print the HCS compute-system document and init process parameters for an OCI bundle.")

    @Argument(help: "The bundle directory (holding config.json).")
    var bundle: String
    @Option(help: "The container id; the bundle directory's name when omitted.")
    var id: String?
    @Flag(help: "Print the two documents as one compact JSON object.")
    var json = false

    func run() throws {
        let documents = try HCSDocumentRenderer.render(bundle: bundle, id: id)
        if json {
            print(documents.json.text)
        } else {
            print("# ComputeSystem (HcsCreateComputeSystem)")
            print(JSONIndenter.indent(documents.container.text))
            print("# InitProcess (HcsCreateProcess)")
            print(JSONIndenter.indent(documents.initProcess.json.text))
        }
    }
}
