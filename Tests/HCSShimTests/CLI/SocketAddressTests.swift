import Testing
@testable import HCSShim

@Suite struct SocketAddressTests {
    @Test func matchesContainerdsVectors() {
        #expect(SocketAddress.path(containerdAddress: "/run/containerd/containerd.sock", namespace: "default", group: "test")
            == "/run/containerd/s/cfa94b04d543b3f64f78eff8125c7a7cd0903173f673d87367be72ff09fc92c2")
        // filepath.Join cleans: a doubled or trailing slash hashes the same.
        #expect(SocketAddress.path(containerdAddress: "/run//containerd/containerd.sock/", namespace: "k8s.io", group: "abc")
            == "/run/containerd/s/a99a1752d3a0fadfb1f869026f16760475df03a572e20f4ccea9e6c1e5470b72")
    }

    @Test func cleanJoinFollowsGo() {
        #expect(SocketAddress.cleanJoin(["/a/b/", "c"]) == "/a/b/c")
        #expect(SocketAddress.cleanJoin(["/a/./b/../c", "d"]) == "/a/c/d")
        #expect(SocketAddress.cleanJoin(["/..", "x"]) == "/x")
        #expect(SocketAddress.cleanJoin(["a", "", "b"]) == "a/b")
    }

    @Test func groupingAnnotationsWin() {
        #expect(SocketAddress.group(annotations: [:], id: "c1") == "c1")
        #expect(SocketAddress.group(annotations: ["io.kubernetes.cri.sandbox-id": "pod"], id: "c1") == "pod")
        #expect(SocketAddress.group(
            annotations: ["io.kubernetes.cri.sandbox-id": "pod", "io.containerd.runc.v2.group": "g"], id: "c1") == "g")
    }
}
