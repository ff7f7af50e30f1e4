import Foundation
import Testing
@testable import HCSShim

@Suite struct JSONValueDecoderTests {
    struct Sample: Decodable, Equatable {
        var name: String
        var count: Int32
        var ratio: Double?
        var tags: [String]?
        var nested: Inner?
        var raw: JSONValue?
        struct Inner: Decodable, Equatable { var flag: Bool; var small: UInt8? }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(ShimError) -> T {
        try JSONValueDecoder.decode(type, from: Array(text.utf8), what: "sample")
    }

    @Test func membersDecodeAndUnknownOnesAreIgnored() throws {
        let sample = try decode(Sample.self, #"{"name":"a","count":7,"ratio":1,"tags":["x","y"],"nested":{"flag":true,"small":255},"raw":{"k":[1,"v"]},"extra":{"ignored":1}}"#)
        #expect(sample == Sample(name: "a", count: 7, ratio: 1, tags: ["x", "y"], nested: .init(flag: true, small: 255),
                                 raw: .object(["k": .array([.integer(1), .string("v")])])))
    }

    @Test func absentAndNullOptionalsAreNil() throws {
        let sample = try decode(Sample.self, #"{"name":"a","count":-1,"ratio":null,"nested":null}"#)
        #expect(sample == Sample(name: "a", count: -1))
        #expect(try decode([Int32]?.self, "null") == nil)
        #expect(try decode([Int32?].self, "[1,null,3]") == [1, nil, 3])
    }

    @Test func errorsAreInvalidArgumentWithThePath() {
        #expect(throws: ShimError.invalidArgument("decode sample: missing member \"count\"")) {
            try decode(Sample.self, #"{"name":"a"}"#)
        }
        #expect(throws: ShimError.invalidArgument("decode sample: expected a string, found a number at tags.1")) {
            try decode(Sample.self, #"{"name":"a","count":1,"tags":["x",2]}"#)
        }
        #expect(throws: ShimError.invalidArgument("decode sample: number does not fit UInt8 at nested.small")) {
            try decode(Sample.self, #"{"name":"a","count":1,"nested":{"flag":false,"small":256}}"#)
        }
        #expect(throws: ShimError.invalidArgument("decode sample: expected a string, found null at name")) {
            try decode(Sample.self, #"{"name":null,"count":1}"#)
        }
        #expect(throws: ShimError.invalidArgument("decode sample: expected a value, found null at nested")) {
            try decode([String: Sample.Inner].self, #"{"nested":null}"#)
        }
        #expect(throws: ShimError.invalidArgument("decode sample: number does not fit Int32 at count")) {
            try decode(Sample.self, #"{"name":"a","count":1.5}"#)
        }
        #expect(throws: ShimError(.internal, "decode sample: not valid JSON at byte 1: unexpected end of input")) {
            try JSONValueDecoder.decode(Sample.self, from: Array("[".utf8), what: "sample", code: .internal)
        }
    }

    /// The OCI specs of the test fixtures and the fuzz corpus decode to the same `OCISpec` as
    /// Foundation's JSONDecoder makes of them.
    @Test(arguments: [
        "Tests/HCSShimTests/HCS/Fixtures/hyperv-servicing/config.json",
        "Tests/HCSShimTests/HCS/Fixtures/process-isolated/config.json",
        "Tests/fuzz-corpus/oci/runc-spec.json",
        "Tests/fuzz-corpus/oci/process-isolated.json",
    ])
    func ociSpecsDecodeAsFoundationDecodesThem(relativePath: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(relativePath)))
        let ours = try OCISpec.decode(bytes)
        let foundations = try JSONDecoder().decode(OCISpec.self, from: Data(bytes))
        #expect(ours == foundations)
        #expect(ours.process?.args?.isEmpty == false)
    }
}
