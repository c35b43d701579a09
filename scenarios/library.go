package scenarios

import (
	"embed"
	"fmt"
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
	data, err := os.ReadFile(path)
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
