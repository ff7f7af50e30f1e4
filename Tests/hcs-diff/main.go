// Command hcs-diff renders the seed's HCS documents for an OCI bundle with Go's own
// encoding/json (and Go's own Windows path/filepath, see winpathgen), for comparison with
// `hcsshimctl hcs-document --json`. Standard library only; built by scripts/hcs-diff.sh.
//
//	hcs-diff render [-without ID[,ID…]] [-seed] BUNDLE   the documents; every deviation on,
//	                                                     minus -without; -seed: none
//	hcs-diff deviations                                  the deviation ids, one a line
//	hcs-diff filepath PATH…                              Clean, Dir, Split, Base of each path
//
// BUNDLE holds config.json and, optionally, exec.json (an exec's OCI process). The output is
// {"ComputeSystem":…,"InitProcess":…[,"ExecProcess":…]} and a newline, as hcsshimctl prints it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "render":
		render(os.Args[2:])
	case "deviations":
		fmt.Println(strings.Join(deviationIDs, "\n"))
	case "filepath":
		for _, p := range os.Args[2:] {
			dir, file := winSplit(p)
			line, _ := json.Marshal([]string{p, winClean(p), winDir(p), dir, file, winBase(p)})
			fmt.Println(string(line))
		}
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: hcs-diff render [-without IDS] [-seed] BUNDLE | deviations | filepath PATH...")
	os.Exit(2)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hcs-diff:", err)
	os.Exit(1)
}

func render(args []string) {
	flags := flag.NewFlagSet("render", flag.ExitOnError)
	without := flags.String("without", "", "comma-separated deviation ids to leave out")
	seedOnly := flags.Bool("seed", false, "the seed's bytes: no deviation")
	flags.Parse(args)
	if flags.NArg() != 1 {
		usage()
	}
	bundle := flags.Arg(0)
	on := allDeviations()
	if *seedOnly {
		on = deviationSet{}
	}
	for _, id := range strings.Split(*without, ",") {
		if id == "" {
			continue
		}
		if _, known := on[id]; !known && !*seedOnly {
			fail(fmt.Errorf("unknown deviation %q", id))
		}
		delete(on, id)
	}

	var spec ociSpec
	if err := loadJSON(filepath.Join(bundle, "config.json"), &spec); err != nil {
		fail(err)
	}
	seed := translateSpec(spec)
	id := path.Base(bundle)
	container, err := seedContainerDocument(seed, id, on)
	if err != nil {
		fail(err)
	}
	initProcess, err := seedProcessDocument(seed.Process, "", on)
	if err != nil {
		fail(err)
	}
	out := `{"ComputeSystem":` + string(container) + `,"InitProcess":` + string(initProcess)
	execPath := filepath.Join(bundle, "exec.json")
	if _, err := os.Stat(execPath); err == nil {
		var exec ociProcess
		if err := loadJSON(execPath, &exec); err != nil {
			fail(err)
		}
		execProcess, err := seedProcessDocument(translateProcess(exec), seed.Process.Cwd, on)
		if err != nil {
			fail(err)
		}
		out += `,"ExecProcess":` + string(execProcess)
	}
	fmt.Println(out + "}")
}

// nameToGUID stands in for vmcompute's NameToGuid off Windows exactly as the port's
// HCSLayerID.unresolved does: the published ids for known names, else "NameToGuid(<name>)".
func nameToGUID(name string) string {
	if id, ok := publishedLayerIDs[name]; ok {
		return id
	}
	return "NameToGuid(" + name + ")"
}

var publishedLayerIDs = map[string]string{
	"4":  "bd9c3ef9-f239-59b5-a27e-15c523b1d149",
	"28": "9e6302af-4082-5230-ac0e-efe1e3828954",
	"27": "b312b1d4-d749-5cc3-97e7-e272c3e9edf7",
	"26": "0366d7a7-bfaf-5a58-bfed-6eb916450ea5",
	"25": "ccdd871c-d89e-5f7b-a641-ef72794a2f01",
	"2b31f86e7aea1cee80d77af24b362171cb06985b155bf2ff103f0a2cbfd941f6": "87ec27a6-f5e9-50c8-9ae1-161c316c0eca",
	"2182f33c95a826e599846ac8963310870a225a52b733d3ea7ab2caa0148287e6": "d170642d-fe0d-5fca-b04e-a3b1139b984f",
	"4e3c0eecb91d8fc28eda07ff06c6910a592b0ce4539476fb943b48e6934e9976": "cd22d128-903e-550a-9d8f-aa8134ca1c9b",
	"e2a46135ff011a2ef9f193590ccddde95806850a0cdd7638b913e003c28e7fd0": "8f9dd02a-0f67-598e-921b-59884f08b5af",
	"3030b7a20c848d1553700c1ccf0369b0f5d9b3d9a4c37ea6652fd54809a60a07": "4d2dfb6d-2f3b-5926-adf1-4bd7e162b91f",
	"2a4a12b082184aec3c238334a57cae90eb5ae33d25dab0cc5a8c65c67293782d": "f1f65ef4-dda7-5263-88b0-8c816567a93a",
}
