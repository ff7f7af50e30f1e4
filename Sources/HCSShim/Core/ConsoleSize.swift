/// A terminal's size in character cells, as `ResizePty` carries it.
public struct ConsoleSize: Sendable, Equatable {
    public var width: UInt16
    public var height: UInt16

    public init(width: UInt16, height: UInt16) {
        self.width = width
        self.height = height
    }
}
