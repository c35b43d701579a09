package reports

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestPublish(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	files := []outFile{{"a.csv", []byte("1\n")}, {"b.json", []byte("{}\n")}}
	if _, err := publish(dir, files, false); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "b.json"}) {
		t.Fatalf("files %v", got)
	}
	// A second run replaces the directory as a whole: no stale b.json.
	if _, err := publish(dir, files[:1], false); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv"}) {
		t.Fatalf("after the second run: %v", got)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Fatalf("left beside the output: %v", got)
	}

	// A file kmssim did not write: refused, unless forced.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if _, err := publish(dir, files, false); !errors.Is(err, ErrForeignFiles) {
		t.Fatalf("error %v, want ErrForeignFiles", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "notes.txt"}) {
		t.Fatalf("refused run changed the directory: %v", got)
	}
	if _, err := publish(dir, files, true); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "b.json", "notes.txt"}) {
		t.Fatalf("forced run: %v", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Fatal("forced run touched notes.txt")
	}
}
