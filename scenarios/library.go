package scenarios

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
)

//go:embed *.yaml
var library embed.FS

// DefaultName is the library scenario that `kmssim run` uses when given no
// file: the decommissioning trap of K23.
const DefaultName = "decommissioning-trap"

// Load reads and parses the scenario file at path.
func Load(path string) (*Scenario, error) {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, fmt.Errorf("scenario: %w", err)
	case info.IsDir():
		return nil, &FieldError{File: path, Msg: "is a directory, not a scenario file"}
	case info.Size() > MaxFileSize:
		return nil, &FieldError{File: path, Msg: fmt.Sprintf("is %s; a scenario file is at most %s", sizeString(info.Size()), sizeString(MaxFileSize))}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Parse(path, data)
}

// Library returns the names of the scenarios built into the binary, sorted.
func Library() []string {
	entries, _ := fs.ReadDir(library, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Builtin parses the library scenario with the given name.
func Builtin(name string) (*Scenario, error) {
	file := name + ".yaml"
	data, err := library.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("scenario: no built-in scenario %q (have %s)", name, strings.Join(Library(), ", "))
	}
	return Parse("scenarios/"+file, data)
}
