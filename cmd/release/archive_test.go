package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// An archive is the same bytes when written twice, and holds the README
// and the binary in a folder named like it, in name order, with the
// commit's time, owner 0 and fixed modes.
func TestArchives(t *testing.T) {
	src := testSource(t)
	for _, p := range []platform{{"linux", "arm64"}, {"windows", "amd64"}} {
		bin := fakeBinary(t, p)
		var written [][]byte
		for range 2 {
			dir := t.TempDir()
			name, err := writeArchive(dir, src, p, bin)
			if err != nil {
				t.Fatal(err)
			}
			if want := archiveName(src.Version, p); name != want {
				t.Errorf("archive %q, want %q", name, want)
			}
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			written = append(written, data)
		}
		if !bytes.Equal(written[0], written[1]) {
			t.Errorf("%s: two archives of the same files differ", p)
		}
		top := "kmssim-v1.2.3-" + p.OS + "-" + p.Arch + "/"
		want := []string{top + " 755 dir", top + "README.md 644", top + p.exe() + " 755"}
		var got []string
		if p.OS == "windows" {
			got = zipEntries(t, written[0], src.Time)
		} else {
			got = tarEntries(t, written[0], src.Time)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: entries %q, want %q", p, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: entry %d is %q, want %q", p, i, got[i], want[i])
			}
		}
	}
}

// tarEntries lists a tar.gz's entries as "NAME MODE[ dir]", checking
// their time and owner.
func tarEntries(t *testing.T, data []byte, mtime time.Time) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header: name %q, time %v, want neither", zr.Name, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	var got []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(mtime) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: time %v, owner %d:%d (%q:%q), want %v and 0:0", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname, mtime)
		}
		e := h.Name + " " + fmtMode(h.Mode)
		if h.Typeflag == tar.TypeDir {
			e += " dir"
		}
		got = append(got, e)
	}
}

// zipEntries lists a zip's entries as "NAME MODE[ dir]", checking their
// time.
func zipEntries(t *testing.T, data []byte, mtime time.Time) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range zr.File {
		if !f.Modified.Equal(mtime) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, mtime)
		}
		e := f.Name + " " + fmtMode(int64(f.Mode().Perm()))
		if f.Mode().IsDir() {
			e += " dir"
		}
		got = append(got, e)
	}
	return got
}

func fmtMode(m int64) string {
	return string([]byte{'0' + byte(m>>6&7), '0' + byte(m>>3&7), '0' + byte(m&7)})
}

// SHA256SUMS is in sha256sum's format, by name.
func TestChecksums(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"b.zip": "bb", "a.tar.gz": "aa"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, checksumsFile)
	if err := writeChecksums(path, dir, []string{"b.zip", "a.tar.gz"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "961b6dd3ede3cb8ecbaacbd68de040cd78eb2ed5889130cceb4c49268ea4d506  a.tar.gz\n" +
		"3b64db95cb55c763391c707108489ae18b4112d783300de38e033b4c98c3deaf  b.zip\n"
	if string(got) != want {
		t.Errorf("SHA256SUMS = %q, want %q", got, want)
	}
}
