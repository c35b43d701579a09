// Package schematest checks JSON documents against a JSON Schema with a
// real validator, Python's jsonschema, for the tests of kmssim's schemas:
// the scenario format's and the Kubernetes Job of the docs.
package schematest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// script validates each document of its input against the schema (draft
// 7) and prints, for each, the paths of its errors, keys and indexes.
const script = `
import json, sys, jsonschema
data = json.load(sys.stdin)
validator = jsonschema.Draft7Validator(data["schema"])
print(json.dumps([[list(e.absolute_path) for e in validator.iter_errors(d)] for d in data["docs"]]))
`

// Errors validates each of docs (decoded JSON values) against schema and
// returns, for each, the paths of its errors; a path is a list of keys
// and indexes, as JSON Pointer names them. Without Python's jsonschema it
// skips t, except in CI (CI set), where it fails t: .ci/run installs
// Debian's python3-jsonschema.
func Errors(t testing.TB, schema []byte, docs []any) [][][]any {
	t.Helper()
	python := ""
	// The Python on the PATH, or Debian's, where apt installs the module.
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import jsonschema").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI needs Python's jsonschema (Debian: python3-jsonschema) to check a schema")
		}
		t.Skip("no Python jsonschema (Debian: python3-jsonschema): the schema is not checked")
	}
	input, err := json.Marshal(map[string]any{"schema": json.RawMessage(schema), "docs": docs})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 jsonschema: %v\n%s", err, stderr.String())
	}
	var paths [][][]any
	if err := json.Unmarshal(out, &paths); err != nil || len(paths) != len(docs) {
		t.Fatalf("python3 jsonschema said %q", out)
	}
	return paths
}
