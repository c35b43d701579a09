package scenarios

import (
	"os"
	"path/filepath"
	"strings"
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
