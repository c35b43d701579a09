package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.yaml
var library embed.FS

// DefaultName is the library scenario that `kmssim run` uses when given no
// file: the decommissioning trap of K23.
const DefaultName = "decommissioning-trap"

// Options tune how scenario files are read. The zero Options reads them
// as Load and Parse do.
type Options struct {
	// Inventories are folders, besides the scenario's own, from which a
	// fleet_from inventory may be read (symlinks resolved, as for the
	// scenario's folder).
	Inventories []string
	// NotOwnFolder, when set, leaves the scenario's own folder out of
	// those an inventory may be read from: for a scenario whose file
	// name is itself untrusted, such as the one a part of a sweep
	// carries, whose folder would be the one its writer chose.
	NotOwnFolder bool
}

// Load reads and parses the scenario file at path.
func Load(path string) (*Valid, error) { return Options{}.Load(path) }

// Load reads and parses the scenario file at path, as the package's Load
// does, with o's options.
func (o Options) Load(path string) (*Valid, error) {
	data, err := ReadFile(path, MaxFileSize)
	var large *TooLargeError
	switch {
	case errors.Is(err, ErrDirectory):
		return nil, &FieldError{File: path, Msg: "is a directory, not a scenario file"}
	case errors.Is(err, ErrNotRegular):
		return nil, &FieldError{File: path, Msg: "is not a regular file, not a scenario file"}
	case errors.As(err, &large):
		return nil, &FieldError{File: path, Msg: fmt.Sprintf("is %s; a scenario file is at most %s", words.Bytes(large.Size), words.Bytes(MaxFileSize))}
	case errors.Is(err, fs.ErrNotExist):
		return nil, &FieldError{File: path, Msg: "no such file (kmssim list names the built-in scenarios)"}
	case err != nil:
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return o.Parse(path, data)
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
func Builtin(name string) (*Valid, error) {
	file := name + ".yaml"
	data, err := library.ReadFile(file)
	if err != nil {
		if best := words.Closest(name, Library()); best != "" {
			return nil, fmt.Errorf("scenario: no built-in scenario %q; did you mean %q? (have %s)", name, best, strings.Join(Library(), ", "))
		}
		return nil, fmt.Errorf("scenario: no built-in scenario %q (have %s)", name, strings.Join(Library(), ", "))
	}
	return Parse("scenarios/"+file, data)
}
