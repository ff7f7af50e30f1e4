/// The shim's entry point: parses the command line and runs one action.
public enum ShimMain {
    public static func run(_ arguments: [String]) async {
    }
}
