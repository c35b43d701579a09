package scenarios

import (
	"os"
	"strings"
	"testing"
)

// The reference example scenario must parse: it is what users copy.
func TestDocsExample(t *testing.T) {
	data, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "An example with every section:\n\n```yaml\n")
	if !ok {
		t.Fatal("docs/scenarios.md has no example scenario")
	}
	example, _, _ := strings.Cut(rest, "```")
	s, err := Parse("docs/scenarios.md example", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sites) != 1 || s.Sites[0].Instances != 500 || len(s.Events) != 4 {
		t.Fatalf("parsed %d sites, %d events", len(s.Sites), len(s.Events))
	}
}
