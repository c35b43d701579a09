package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// licenceFiles are the names a licence file of the checkout may have; the
// first one present goes into the archives. The repository has none yet.
var licenceFiles = []string{"LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING"}

// licence returns the name of the checkout's licence file, or "".
func licence(src source) string {
	for _, name := range licenceFiles {
		if _, err := os.Stat(filepath.Join(src.Dir, name)); err == nil {
			return name
		}
	}
	return ""
}

// entry is a file of an archive or of an image layer.
type entry struct {
	Name     string // slash-separated; a folder's ends in "/"
	Mode     fs.FileMode
	UID, GID int
	Data     []byte
}

// archiveName is the name of p's archive: kmssim-VERSION-OS-ARCH.zip for
// Windows, .tar.gz elsewhere.
func archiveName(version string, p platform) string {
	ext := ".tar.gz"
	if p.OS == "windows" {
		ext = ".zip"
	}
	return "kmssim-" + version + "-" + p.OS + "-" + p.Arch + ext
}

// writeArchive packs the binary at bin with the README (and the licence,
// if the checkout has one) into p's archive in dir, in a folder named
// like the archive, and returns the archive's name. Every entry has the
// commit's time, owner 0 and a fixed mode, in name order, so that the
// same commit gives the same bytes.
func writeArchive(dir string, src source, p platform, bin string) (string, error) {
	name := archiveName(src.Version, p)
	top := strings.TrimSuffix(strings.TrimSuffix(name, ".zip"), ".tar.gz") + "/"
	entries := []entry{{Name: top, Mode: fs.ModeDir | 0o755}}
	docs := []string{"README.md"}
	if l := licence(src); l != "" {
		docs = append(docs, l)
	}
	for _, d := range docs {
		data, err := os.ReadFile(filepath.Join(src.Dir, d))
		if err != nil {
			return "", err
		}
		entries = append(entries, entry{Name: top + d, Mode: 0o644, Data: data})
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	entries = append(entries, entry{Name: top + p.exe(), Mode: 0o755, Data: data})
	var out []byte
	if p.OS == "windows" {
		out, err = zipBytes(entries, src.Time)
	} else {
		out, err = tarGzBytes(entries, src.Time)
	}
	if err != nil {
		return "", err
	}
	return name, os.WriteFile(filepath.Join(dir, name), out, 0o644)
}

// sortEntries sorts entries by name, a folder before what it holds.
func sortEntries(entries []entry) {
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.Name, b.Name) })
}

// tarBytes returns a tar of entries in name order, each with the time
// mtime, its own owner and mode, and no user or group names.
func tarBytes(entries []entry, mtime time.Time) ([]byte, error) {
	entries = slices.Clone(entries)
	sortEntries(entries)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.Name, Mode: int64(e.Mode.Perm()), Uid: e.UID, Gid: e.GID,
			ModTime: mtime, Typeflag: tar.TypeReg, Size: int64(len(e.Data)), Format: tar.FormatPAX}
		if e.Mode.IsDir() {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.Data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gzipBytes compresses data with a header that names no file and no
// time, so that the same data gives the same bytes.
func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tarGzBytes returns the gzipped tar of entries.
func tarGzBytes(entries []entry, mtime time.Time) ([]byte, error) {
	t, err := tarBytes(entries, mtime)
	if err != nil {
		return nil, err
	}
	return gzipBytes(t)
}

// zipBytes returns a zip of entries in name order, each with the time
// mtime (in UTC) and its mode.
func zipBytes(entries []entry, mtime time.Time) ([]byte, error) {
	entries = slices.Clone(entries)
	sortEntries(entries)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: mtime.UTC()}
		if e.Mode.IsDir() {
			h.Method = zip.Store
		}
		h.SetMode(e.Mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sha256Hex returns data's SHA-256 in hexadecimal.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// writeChecksums writes the SHA-256 of each named file of dir to path in
// sha256sum's format, which sha256sum -c checks: "HASH  NAME", by name.
func writeChecksums(path, dir string, names []string) error {
	names = slices.Clone(names)
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sha256Hex(data), n)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
