package main

// The seed's documents: its structs re-declared field for field with the seed's json tags, and
// its Create / container.start / AddProcess logic over the seed's own spec shape (seedSpec).
// encoding/json marshals them, as it did for Docker in 2016.

import (
	"encoding/json"
	"strings"
)

type layer struct {
	ID   string
	Path string
}

type device struct {
	DeviceType string
	Connection interface{}
	Settings   interface{}
}

type mappedDir struct {
	HostPath      string
	ContainerPath string
	ReadOnly      bool
}

type hvRuntime struct {
	ImagePath string `json:",omitempty"`
}

type containerInit struct {
	SystemType              string
	Name                    string
	Owner                   string
	IsDummy                 bool
	VolumePath              string
	Devices                 []device
	IgnoreFlushesDuringBoot bool
	LayerFolderPath         string
	Layers                  []layer
	ProcessorWeight         uint64 `json:",omitempty"`
	ProcessorMaximum        int64  `json:",omitempty"`
	StorageIOPSMaximum      uint64 `json:",omitempty"`
	StorageBandwidthMaximum uint64 `json:",omitempty"`
	StorageSandboxSize      uint64 `json:",omitempty"`
	MemoryMaximumInMB       int64  `json:",omitempty"`
	HostName                string
	MappedDirectories       []mappedDir
	SandboxPath             string
	HvPartition             bool
	EndpointList            []string
	HvRuntime               *hvRuntime
	Servicing               bool
}

// createProcessParams is the 2016 hcsshim CreateProcessParams the seed filled in.
type createProcessParams struct {
	ApplicationName  string
	CommandLine      string
	WorkingDirectory string
	Environment      map[string]string
	EmulateConsole   bool
	ConsoleSize      [2]int
}

const seedOwner = "docker"

// seedContainerDocument is the seed's Create up to json.Marshal, with the deviations in `on`.
func seedContainerDocument(spec seedSpec, id string, on deviationSet) ([]byte, error) {
	cu := &containerInit{
		SystemType:              "Container",
		Name:                    id,
		Owner:                   seedOwner,
		VolumePath:              spec.Root.Path,
		IgnoreFlushesDuringBoot: spec.Windows.FirstStart,
		LayerFolderPath:         spec.Windows.LayerFolder,
		HostName:                spec.Hostname,
	}
	if on["owner"] {
		cu.Owner = "containerd-shim-hcs-v1"
	}
	if spec.Windows.Networking != nil {
		cu.EndpointList = spec.Windows.Networking.EndpointList
	}
	if r := spec.Windows.Resources; r != nil {
		if r.CPU != nil {
			if r.CPU.Shares != nil {
				cu.ProcessorWeight = *r.CPU.Shares
			}
			if r.CPU.Percent != nil {
				cu.ProcessorMaximum = *r.CPU.Percent * 100
			} else if on["cpu-maximum"] && r.CPU.maximum != nil {
				cu.ProcessorMaximum = int64(*r.CPU.maximum)
			}
		}
		if r.Memory != nil && r.Memory.Limit != nil {
			cu.MemoryMaximumInMB = *r.Memory.Limit / 1024 / 1024
		}
		if r.Storage != nil {
			if r.Storage.Bps != nil {
				cu.StorageBandwidthMaximum = *r.Storage.Bps
			}
			if r.Storage.Iops != nil {
				cu.StorageIOPSMaximum = *r.Storage.Iops
			}
			if r.Storage.SandboxSize != nil {
				cu.StorageSandboxSize = *r.Storage.SandboxSize
			}
		}
	}
	if spec.Windows.HvRuntime != nil {
		cu.HvPartition = true
		image := spec.Windows.HvRuntime.ImagePath
		if on["utility-vm-default"] && !spec.Windows.HvRuntime.imagePathGiven && len(spec.Windows.LayerPaths) > 0 {
			image = winJoin(spec.Windows.LayerPaths[len(spec.Windows.LayerPaths)-1], "UtilityVM")
		}
		cu.HvRuntime = &hvRuntime{ImagePath: image}
	}
	cu.Servicing = spec.servicing
	if cu.HvPartition {
		cu.SandboxPath = winDir(spec.Windows.LayerFolder)
	} else {
		cu.VolumePath = spec.Root.Path
		cu.LayerFolderPath = spec.Windows.LayerFolder
	}
	for _, layerPath := range spec.Windows.LayerPaths {
		_, filename := winSplit(layerPath)
		if on["layer-name-base"] {
			filename = winBase(layerPath)
		}
		cu.Layers = append(cu.Layers, layer{ID: nameToGUID(filename), Path: layerPath})
	}
	mds := make([]mappedDir, len(spec.Mounts))
	for i, mount := range spec.Mounts {
		mds[i] = mappedDir{HostPath: mount.Source, ContainerPath: mount.Destination, ReadOnly: mount.Readonly}
	}
	cu.MappedDirectories = mds
	return json.Marshal(cu)
}

// seedProcessDocument is what the seed's container.start (init) or AddProcess (exec) passed
// to CreateProcessInComputeSystem, marshalled as hcsshim marshalled it; fallbackCwd is the
// init's working directory for an exec, "" for the init.
func seedProcessDocument(p seedProcess, fallbackCwd string, on deviationSet) ([]byte, error) {
	params := createProcessParams{
		EmulateConsole: p.Terminal,
		ConsoleSize:    p.InitialConsoleSize,
	}
	if p.Cwd != "" {
		params.WorkingDirectory = p.Cwd
	} else {
		params.WorkingDirectory = fallbackCwd
	}
	if on["env-first-equals"] {
		params.Environment = environmentFirstEquals(p.Env)
	} else {
		params.Environment = setupEnvironmentVariables(p.Env)
	}
	switch {
	case on["command-line-field"] && p.commandLine != "":
		params.CommandLine = p.commandLine
	case on["command-line-quoting"]:
		line, err := quoteCommandLine(p.Args)
		if err != nil {
			return nil, err
		}
		params.CommandLine = line
	default:
		params.CommandLine = strings.Join(p.Args, " ")
	}
	if on["console-size-without-terminal"] && !p.Terminal {
		params.ConsoleSize = [2]int{0, 0}
	}
	if on["process-schema"] {
		return json.Marshal(laterProcessConfig(params, p))
	}
	return json.Marshal(params)
}

// setupEnvironmentVariables is the seed's: split at every "=", keep two-part entries.
func setupEnvironmentVariables(a []string) map[string]string {
	r := make(map[string]string)
	for _, s := range a {
		arr := strings.Split(s, "=")
		if len(arr) == 2 {
			r[arr[0]] = arr[1]
		}
	}
	return r
}
