import Testing
@testable import HCSShim

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func socketNamingVectorsFromTheProtocol() {
        #expect(SHA256.hexDigest("/run/containerd/containerd.sock/default/test")
            == "cfa94b04d543b3f64f78eff8125c7a7cd0903173f673d87367be72ff09fc92c2")
        #expect(SHA256.hexDigest("/run/containerd/containerd.sock/k8s.io/abc")
            == "a99a1752d3a0fadfb1f869026f16760475df03a572e20f4ccea9e6c1e5470b72")
    }
}
