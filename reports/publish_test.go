package reports

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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
	files := []outFile{{name: "a.csv", data: []byte("1\n")}, {name: "b.json", data: []byte("{}\n")}}
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "b.json"}) {
		t.Fatalf("files %v", got)
	}
	// A second run replaces the directory as a whole: no stale b.json.
	if _, err := publish(t.Context(), dir, files[:1], false); err != nil {
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
	if _, err := publish(t.Context(), dir, files, false); !errors.Is(err, ErrForeignFiles) {
		t.Fatalf("error %v, want ErrForeignFiles", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "notes.txt"}) {
		t.Fatalf("refused run changed the directory: %v", got)
	}
	if _, err := publish(t.Context(), dir, files, true); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv", "b.json", "notes.txt"}) {
		t.Fatalf("forced run: %v", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(data) != "mine" {
		t.Fatal("forced run touched notes.txt")
	}
}

// A file kmssim wrote and someone edited since (an import's scenario,
// edited in place as docs/import.md says) is not replaced without
// -force; a streamed file, and a manifest of names only (as kmssim wrote
// before), are not checked.
func TestPublishKeepsEditedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "branch")
	files := []outFile{
		{name: "scenario.yaml", data: []byte("name: branch\n")},
		{name: "series.csv", write: func(w io.Writer) error { _, err := io.WriteString(w, "t\n0\n"); return err }},
	}
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	man, err := os.ReadFile(filepath.Join(dir, Manifest))
	if want := "# files written by kmssim\nscenario.yaml\tcrc32c:" + fmt.Sprintf("%08x", crc32.Checksum([]byte("name: branch\n"), castagnoli)) + "\nseries.csv\n"; err != nil || string(man) != want {
		t.Fatalf("manifest %q (%v), want %q", man, err, want)
	}
	// Unchanged, or a streamed file changed: replaced as always.
	os.WriteFile(filepath.Join(dir, "series.csv"), []byte("edited"), 0o644)
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	edited := []byte("name: branch\nevents: []\n")
	os.WriteFile(filepath.Join(dir, "scenario.yaml"), edited, 0o644)
	_, err = publish(t.Context(), dir, files, false)
	if want := "output directory " + dir + ": scenario.yaml changed since kmssim wrote it: choose another -out, or add -force to replace it"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml")); string(data) != string(edited) {
		t.Fatal("the refused publish touched the edited file")
	}
	if _, err := publish(t.Context(), dir, files, true); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml")); string(data) != "name: branch\n" {
		t.Fatalf("-force kept %q", data)
	}
	// A manifest of names only says nothing of edits.
	os.WriteFile(filepath.Join(dir, Manifest), []byte("# files written by kmssim\nscenario.yaml\nseries.csv\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "scenario.yaml"), edited, 0o644)
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
}

// A run killed outright (SIGKILL) leaves its outputs in the making, and
// perhaps the previous outputs moved aside, beside the directory: the next
// run into it removes them, or puts the previous outputs back first.
func TestPublishCleansStrays(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	files := []outFile{{name: "a.csv", data: []byte("1\n")}}
	for _, stray := range []string{".out.tmp-123", ".out.old-456", ".other.tmp-1"} {
		if err := os.MkdirAll(filepath.Join(parent, stray), 0o755); err != nil {
			t.Fatal(err)
		}
		// Outputs kmssim wrote: a manifest and the file it names.
		if err := os.WriteFile(filepath.Join(parent, stray, Manifest), manifest([]outFile{{name: "x"}}), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(parent, stray, "x"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	// Another directory's strays are its own next run's to remove.
	if got := dirNames(t, parent); !slices.Equal(got, []string{".other.tmp-1", "out"}) {
		t.Errorf("beside the output: %v", got)
	}
	// The previous outputs moved aside by a killed run, with the directory
	// gone, come back before the new ones replace them.
	if err := os.Rename(dir, filepath.Join(parent, ".out.old-789")); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
	if got := dirNames(t, dir); !slices.Contains(got, "a.csv") {
		t.Errorf("the previous outputs did not come back: %v", got)
	}
}

// Two writers into one directory take turns: the second waits for the
// first's lock, and both publish whole.
func TestPublishWaitsForTheLock(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := publish(t.Context(), dir, []outFile{{name: "b.csv", data: []byte("2\n")}}, false)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("publish did not wait for the lock: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{".kmssim", "b.csv"}) {
		t.Errorf("output: %v", got)
	}
}

// A -out that is a symbolic link is followed: the outputs go where it
// points, and the link stays a link.
func TestPublishFollowsSymlink(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	paths, err := publish(t.Context(), link, []outFile{{name: "a.csv", data: []byte("1\n")}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	if data, err := os.ReadFile(filepath.Join(target, "a.csv")); err != nil || string(data) != "1\n" {
		t.Errorf("target: %q %v", data, err)
	}
	if len(paths) != 1 || paths[0] != filepath.Join(link, "a.csv") {
		t.Errorf("paths %v", paths)
	}
}

// A reader that polls the output directory while it is rewritten finds
// the previous set or the new one, never no directory at all: on Linux
// the swap is one renameat2(RENAME_EXCHANGE).
func TestPublishSwapLeavesNoGap(t *testing.T) {
	if !canExchange {
		t.Skip("no atomic exchange on this system: the swap is two renames")
	}
	dir := filepath.Join(t.TempDir(), "out")
	files := []outFile{{name: "a.csv", data: []byte("1\n")}}
	if _, err := publish(t.Context(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	type count struct{ polls, missing int }
	results := make(chan count)
	for range 2 {
		go func() {
			var c count
			for {
				select {
				case <-stop:
					results <- c
					return
				default:
				}
				c.polls++
				if _, err := os.Stat(filepath.Join(dir, Manifest)); err != nil {
					c.missing++
				}
			}
		}()
	}
	for range 20 {
		if _, err := publish(t.Context(), dir, files, false); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	var all count
	for range 2 {
		c := <-results
		all.polls += c.polls
		all.missing += c.missing
	}
	if all.missing > 0 {
		t.Errorf("the output directory was missing %d times in %d polls during 20 rewrites", all.missing, all.polls)
	}
}

// A folder full of other files (such as /proc/sys/kernel) is refused
// naming a few of them and how many there are, not every one.
func TestPublishForeignFilesNamesAFew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	os.Mkdir(dir, 0o755)
	for i := range 150 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d", i)), nil, 0o644)
	}
	_, err := publish(t.Context(), dir, []outFile{{name: "a.csv", data: []byte("1\n")}}, false)
	if !errors.Is(err, ErrForeignFiles) {
		t.Fatalf("error %v, want ErrForeignFiles", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "150 entries: f000, f001, f002, f003, f004, …") || strings.Contains(msg, "f005") {
		t.Errorf("error %q, want the count and the first 5 entries", msg)
	}
}

// Where the system cannot exchange, the two renames replace the outputs
// as a whole and leave nothing beside them.
func TestPublishWithoutExchange(t *testing.T) {
	useExchange = false
	defer func() { useExchange = true }()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	for _, files := range [][]outFile{{{name: "a.csv", data: []byte("1\n")}, {name: "b.csv", data: nil}}, {{name: "a.csv", data: []byte("2\n")}}} {
		if _, err := publish(t.Context(), dir, files, false); err != nil {
			t.Fatal(err)
		}
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{Manifest, "a.csv"}) {
		t.Errorf("files %v", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a.csv")); string(data) != "2\n" {
		t.Errorf("a.csv = %q", data)
	}
	if got := dirNames(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("left beside the output: %v", got)
	}
}

// A file that writes itself is streamed into the new set, beside rendered
// ones, and into a directory it shares with foreign files; when it fails,
// the directory stays as it was and the error names the file.
func TestPublishStreamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	big := strings.Repeat("day,value\n", 200_000) // 2 MB: more than one buffer
	stream := outFile{name: "series.csv", write: func(w io.Writer) error {
		_, err := io.WriteString(w, big)
		return err
	}}
	files := []outFile{{name: "a.json", data: []byte("{}\n")}, stream}
	for _, force := range []bool{false, true} {
		if force {
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		}
		if _, err := publish(t.Context(), dir, files, force); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "series.csv"))
		if err != nil || string(got) != big {
			t.Fatalf("force %v: series.csv of %d bytes (%v), want %d", force, len(got), err, len(big))
		}
	}

	os.Remove(filepath.Join(dir, "notes.txt"))
	broken := outFile{name: "series.csv", write: func(w io.Writer) error {
		io.WriteString(w, "day,value\n")
		return errors.New("disk on fire")
	}}
	_, err := publish(t.Context(), dir, []outFile{broken}, false)
	if err == nil || !strings.Contains(err.Error(), "series.csv") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("error %v, want one naming series.csv and the cause", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "series.csv")); string(got) != big {
		t.Fatalf("a failed write changed series.csv: %d bytes", len(got))
	}
}
