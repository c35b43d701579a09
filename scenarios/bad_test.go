package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Each file in testdata/bad is wrong in one way. Its first line says the
// error it must produce: "# want: MESSAGE", where MESSAGE must appear in
// the error (file names relative to testdata/).
func TestBadCorpus(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad-input files: %v", err)
	}
	for _, path := range files {
		name := "bad/" + filepath.Base(path)
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			want, ok := strings.CutPrefix(first, "# want: ")
			if !ok {
				t.Fatalf("first line %q does not start with '# want: '", first)
			}
			_, err = Parse(name, data)
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, want)
			}
		})
	}
}

// Files that are not scenario files at all: too large, a directory,
// unreadable. Each is refused at once with the file's name.
func TestLoadFileProblems(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // 100 MiB, sparse
		t.Fatal(err)
	}
	f.Close()
	unreadable := filepath.Join(dir, "secret.yaml")
	os.WriteFile(unreadable, []byte("duration: 1d\n"), 0o000)

	tests := []struct {
		path, want string
	}{
		{big, big + ": is 100MB; a scenario file is at most 4MB"},
		{dir, dir + ": is a directory, not a scenario file"},
		{filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "missing.yaml") + ": no such file (kmssim list names the built-in scenarios)"},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct{ path, want string }{unreadable, "permission denied"})
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%s) error = %v, want %q", tt.path, err, tt.want)
		}
	}
	// Parse refuses the same size from memory.
	if _, err := Parse("big.yaml", make([]byte, MaxFileSize+1)); err == nil || !strings.Contains(err.Error(), "at most 4MB") {
		t.Errorf("Parse of %d bytes: %v", MaxFileSize+1, err)
	}
}

// A FIFO named as a scenario is refused without being opened (opening it
// would wait for a writer).
func TestLoadFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo.yaml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || err.Error() != path+": is not a regular file, not a scenario file" {
		t.Errorf("error %v", err)
	}
}

// Every problem of a file is reported in one pass, each with its line:
// unknown keys and wrong types do not hide the errors of validation, and
// a value of the wrong type is reported once, not again as a zero.
func TestEveryProblemInOnePass(t *testing.T) {
	src := `name: v
duration: 365d
replications: 0
count_window: 0d
hosts: [{name: kms, keys: [windows-server-2008r2], cache_factor: 0}]
dns: [{name: "{site.corp.example"}]
fleet:
  - {group: a, count: abc, product: windows-99}
  - {group: b, count: 1.5, product: windows-7, colour: red}
`
	_, err := Parse("v.yaml", []byte(src))
	if err == nil {
		t.Fatal("parsed")
	}
	var got []string
	for _, l := range strings.Split(err.Error(), "\n") {
		parts := strings.SplitN(l, ":", 4) // file, line, path, message
		got = append(got, strings.Join(parts[:min(3, len(parts))], ":"))
	}
	want := []string{
		"v.yaml:3: replications", "v.yaml:4: count_window", "v.yaml:5: hosts[0].cache_factor", "v.yaml:6: dns[0].name",
		"v.yaml:8: fleet[0].count", "v.yaml:8: fleet[0].product", "v.yaml:9: fleet[1].colour", "v.yaml:9: fleet[1].count",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%v\nwant one for each of:\n%s", err, strings.Join(want, "\n"))
	}
}
