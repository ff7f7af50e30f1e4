package main

// The input side: an OCI runtime-spec 1.x config.json (and an exec's process JSON), and its
// translation to the shape the seed read (Docker's 2016 windowsoci Spec and libcontainerd
// Process). The mapping is the one docs/hcs.md §6 states: layerFolders = LayerPaths followed by
// LayerFolder, hyperv = HvRuntime, ignoreFlushesDuringBoot = FirstStart, servicing = the
// ServicingOption, a mount is Readonly when an option is "ro" in any case.

import (
	"encoding/json"
	"os"
	"strings"
)

type ociProcess struct {
	Terminal    bool `json:"terminal"`
	ConsoleSize *struct {
		Height uint `json:"height"`
		Width  uint `json:"width"`
	} `json:"consoleSize"`
	User *struct {
		Username string `json:"username"`
	} `json:"user"`
	Args        []string `json:"args"`
	CommandLine string   `json:"commandLine"`
	Env         []string `json:"env"`
	Cwd         string   `json:"cwd"`
}

type ociSpec struct {
	Process  *ociProcess `json:"process"`
	Root     *struct {
		Path string `json:"path"`
	} `json:"root"`
	Hostname string `json:"hostname"`
	Mounts   []struct {
		Destination string   `json:"destination"`
		Source      string   `json:"source"`
		Options     []string `json:"options"`
	} `json:"mounts"`
	Windows *struct {
		LayerFolders []string `json:"layerFolders"`
		Resources    *struct {
			Memory *struct {
				Limit *uint64 `json:"limit"`
			} `json:"memory"`
			CPU *struct {
				Count   *uint64 `json:"count"`
				Shares  *uint16 `json:"shares"`
				Maximum *uint16 `json:"maximum"`
				Percent *uint8  `json:"percent"`
			} `json:"cpu"`
			Storage *struct {
				Iops        *uint64 `json:"iops"`
				Bps         *uint64 `json:"bps"`
				SandboxSize *uint64 `json:"sandboxSize"`
			} `json:"storage"`
		} `json:"resources"`
		Servicing               bool `json:"servicing"`
		IgnoreFlushesDuringBoot bool `json:"ignoreFlushesDuringBoot"`
		HyperV                  *struct {
			UtilityVMPath *string `json:"utilityVMPath"`
		} `json:"hyperv"`
		Network *struct {
			EndpointList []string `json:"endpointList"`
		} `json:"network"`
	} `json:"windows"`
}

// seedSpec holds what the seed's Create read from Docker's 2016 Spec (lower-case fields are
// inputs that only a deviation reads).
type seedSpec struct {
	Root     struct{ Path string }
	Hostname string
	Mounts   []seedMount
	Process  seedProcess
	Windows  struct {
		FirstStart  bool
		LayerFolder string
		LayerPaths  []string
		HvRuntime   *seedHvRuntime
		Networking  *struct{ EndpointList []string }
		Resources   *seedResources
	}
	servicing bool
}

type seedMount struct {
	Source, Destination string
	Readonly            bool
}

type seedHvRuntime struct {
	ImagePath      string
	imagePathGiven bool
}

type seedCPU struct {
	Shares  *uint64
	Percent *int64
	maximum *uint16
}

type seedResources struct {
	CPU     *seedCPU
	Memory  *struct{ Limit *int64 }
	Storage *struct{ Bps, Iops, SandboxSize *uint64 }
}

// seedProcess is libcontainerd's Process as the seed read it.
type seedProcess struct {
	Terminal           bool
	InitialConsoleSize [2]int
	Args               []string
	Env                []string
	Cwd                string
	commandLine        string
	username           string
}

func loadJSON(path string, into interface{}) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, into)
}

func translateProcess(p ociProcess) seedProcess {
	out := seedProcess{Terminal: p.Terminal, Args: p.Args, Env: p.Env, Cwd: p.Cwd, commandLine: p.CommandLine}
	if p.ConsoleSize != nil {
		out.InitialConsoleSize = [2]int{int(p.ConsoleSize.Height), int(p.ConsoleSize.Width)}
	}
	if p.User != nil {
		out.username = p.User.Username
	}
	return out
}

func translateSpec(o ociSpec) seedSpec {
	var s seedSpec
	if o.Root != nil {
		s.Root.Path = o.Root.Path
	}
	s.Hostname = o.Hostname
	for _, m := range o.Mounts {
		readonly := false
		for _, option := range m.Options {
			if strings.EqualFold(option, "ro") {
				readonly = true
			}
		}
		s.Mounts = append(s.Mounts, seedMount{m.Source, m.Destination, readonly})
	}
	if o.Process != nil {
		s.Process = translateProcess(*o.Process)
	}
	w := o.Windows
	if w == nil {
		return s
	}
	s.Windows.FirstStart = w.IgnoreFlushesDuringBoot
	s.servicing = w.Servicing
	if n := len(w.LayerFolders); n > 0 {
		s.Windows.LayerFolder = w.LayerFolders[n-1]
		s.Windows.LayerPaths = w.LayerFolders[:n-1]
	}
	if w.HyperV != nil {
		s.Windows.HvRuntime = &seedHvRuntime{}
		if w.HyperV.UtilityVMPath != nil {
			s.Windows.HvRuntime.ImagePath = *w.HyperV.UtilityVMPath
			s.Windows.HvRuntime.imagePathGiven = true
		}
	}
	if w.Network != nil {
		s.Windows.Networking = &struct{ EndpointList []string }{w.Network.EndpointList}
	}
	if r := w.Resources; r != nil {
		s.Windows.Resources = &seedResources{}
		if r.CPU != nil {
			cpu := &seedCPU{maximum: r.CPU.Maximum}
			if r.CPU.Shares != nil {
				v := uint64(*r.CPU.Shares)
				cpu.Shares = &v
			}
			if r.CPU.Percent != nil {
				v := int64(*r.CPU.Percent)
				cpu.Percent = &v
			}
			s.Windows.Resources.CPU = cpu
		}
		if r.Memory != nil {
			memory := &struct{ Limit *int64 }{}
			if r.Memory.Limit != nil {
				v := int64(*r.Memory.Limit)
				memory.Limit = &v
			}
			s.Windows.Resources.Memory = memory
		}
		if r.Storage != nil {
			s.Windows.Resources.Storage = &struct{ Bps, Iops, SandboxSize *uint64 }{r.Storage.Bps, r.Storage.Iops, r.Storage.SandboxSize}
		}
	}
	return s
}
