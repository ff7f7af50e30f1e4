package main

// The deliberate differences between the port's documents and the seed's, each by the id that
// docs/hcs.md §6 lists it under. Each one is written here from the rule docs/hcs.md states, in
// Go, independently of the Swift code: the Swift output must equal the seed's with every one of
// them applied, and each must change at least one fixture (or it is not exercised).

import (
	"fmt"
	"strings"
)

var deviationIDs = []string{
	"owner",
	"cpu-maximum",
	"utility-vm-default",
	"layer-name-base",
	"command-line-quoting",
	"command-line-field",
	"env-first-equals",
	"console-size-without-terminal",
	"process-schema",
}

type deviationSet map[string]bool

func allDeviations() deviationSet {
	set := deviationSet{}
	for _, id := range deviationIDs {
		set[id] = true
	}
	return set
}

// environmentFirstEquals: split each entry at its first "=" after the first character (so
// "=C:=C:\x" is named "=C:"); entries without one are dropped; the last duplicate wins. A Go map
// is keyed by the name's bytes, so precomposed and decomposed spellings stay two names.
func environmentFirstEquals(entries []string) map[string]string {
	r := make(map[string]string)
	for _, entry := range entries {
		if entry == "" {
			continue
		}
		// The first character is one rune; "=" is ASCII, so searching bytes after it is exact.
		_, size := firstRune(entry)
		i := strings.IndexByte(entry[size:], '=')
		if i < 0 {
			continue
		}
		r[entry[:size+i]] = entry[size+i+1:]
	}
	return r
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// quoteCommandLine: the program name is quoted when empty or holding whitespace and may not
// hold '"'; every other argument is quoted when empty or holding a space, tab, newline, vertical
// tab or '"', with '"' escaped and the backslashes before a '"' or the closing quote doubled.
func quoteCommandLine(args []string) (string, error) {
	if len(args) == 0 {
		return "", fmt.Errorf("command line: the process has no arguments")
	}
	program := args[0]
	if strings.ContainsRune(program, '"') {
		return "", fmt.Errorf("command line: the program name %s contains a quote", program)
	}
	parts := []string{program}
	if program == "" || strings.ContainsAny(program, " \t\n\v") {
		parts[0] = `"` + program + `"`
	}
	for _, arg := range args[1:] {
		parts = append(parts, quoteArgument(arg))
	}
	line := strings.Join(parts, " ")
	if back := commandLineToArgv(line); !equalStrings(back, args) {
		return "", fmt.Errorf("command line %q splits back into %q, not %q", line, back, args)
	}
	return line, nil
}

func quoteArgument(arg string) string {
	if arg != "" && !strings.ContainsAny(arg, " \t\n\v\"") {
		return arg
	}
	var b strings.Builder
	b.WriteByte('"')
	backslashes := 0
	for i := 0; i < len(arg); i++ {
		switch c := arg[i]; c {
		case '\\':
			backslashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*backslashes+1) + `"`)
			backslashes = 0
		default:
			b.WriteString(strings.Repeat(`\`, backslashes))
			b.WriteByte(c)
			backslashes = 0
		}
	}
	b.WriteString(strings.Repeat(`\`, 2*backslashes) + `"`)
	return b.String()
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// processConfig is hcsshim's later schema-v1 ProcessConfig, the process document the port
// sends (HcsCreateProcess takes the pipes in the document, not as call arguments).
type processConfig struct {
	ApplicationName  string            `json:",omitempty"`
	CommandLine      string            `json:",omitempty"`
	User             string            `json:",omitempty"`
	WorkingDirectory string            `json:",omitempty"`
	Environment      map[string]string `json:",omitempty"`
	EmulateConsole   bool              `json:",omitempty"`
	CreateStdInPipe  bool              `json:",omitempty"`
	CreateStdOutPipe bool              `json:",omitempty"`
	CreateStdErrPipe bool              `json:",omitempty"`
	ConsoleSize      [2]uint           `json:",omitempty"`
}

// laterProcessConfig carries the seed's parameters over, with the pipes the seed asked
// CreateProcessInComputeSystem for (stdin, stdout always; stderr without a terminal).
func laterProcessConfig(p createProcessParams, process seedProcess) processConfig {
	return processConfig{
		ApplicationName:  p.ApplicationName,
		CommandLine:      p.CommandLine,
		User:             process.username,
		WorkingDirectory: p.WorkingDirectory,
		Environment:      p.Environment,
		EmulateConsole:   p.EmulateConsole,
		CreateStdInPipe:  true,
		CreateStdOutPipe: true,
		CreateStdErrPipe: !process.Terminal,
		ConsoleSize:      [2]uint{uint(p.ConsoleSize[0]), uint(p.ConsoleSize[1])},
	}
}
