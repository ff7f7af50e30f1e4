/// `NameToGuid` results read off published HCS documents (hcs-and-peers §3): the only known
/// input/output pairs of an algorithm HCS does not document. They are test vectors for the
/// Windows binding and let documents rendered off Windows carry real ids for these names.
public enum HCSPublishedLayerIDs {
    public static let table: [String: String] = [
        // microsoft/hcsshim#1072
        "4": "bd9c3ef9-f239-59b5-a27e-15c523b1d149",
        // microsoft/Windows-Containers#335 (containerd snapshot folders)
        "28": "9e6302af-4082-5230-ac0e-efe1e3828954",
        "27": "b312b1d4-d749-5cc3-97e7-e272c3e9edf7",
        "26": "0366d7a7-bfaf-5a58-bfed-6eb916450ea5",
        "25": "ccdd871c-d89e-5f7b-a641-ef72794a2f01",
        // docker/for-win#703
        "2b31f86e7aea1cee80d77af24b362171cb06985b155bf2ff103f0a2cbfd941f6": "87ec27a6-f5e9-50c8-9ae1-161c316c0eca",
        "2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6": "d170642d-fe0d-5fca-b04e-a3b1139b984f",
        // docker/for-win#2158
        "4e3c0eecb91d8fc28eda07ff06c6910a592b0ce4539476fb943b48e6934e9976": "cd22d128-903e-550a-9d8f-aa8134ca1c9b",
        "e2a46135ff011a2ef9f193590ccddde95806850a0cdd7638b913e003c28e7fd0": "8f9dd02a-0f67-598e-921b-59884f08b5af",
        "3030b7a20c848d1553700c1ccf0369b0f5d9b3d9a4c37ea6652fd54809a60a07": "4d2dfb6d-2f3b-5926-adf1-4bd7e162b91f",
        "2a4a12b082184aec3c238334a57cae90eb5ae33d25dab0cc5a8c65c67293782d": "f1f65ef4-dda7-5263-88b0-8c816567a93a",
    ]
}
